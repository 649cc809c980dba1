import { WorkflowsScreen } from '@/components/workflows/WorkflowsScreen';

export default function WorkflowsPage() {
  return <WorkflowsScreen />;
}
