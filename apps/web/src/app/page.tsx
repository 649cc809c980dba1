import { WorkflowsScreen } from '@/features/workflows/WorkflowsScreen';

export default function WorkflowsPage() {
  return <WorkflowsScreen />;
}
