import { RunsScreen } from '@/components/runs/RunsScreen';

export const metadata = { title: 'Runs' };

export default function RunsPage() {
  return <RunsScreen />;
}
