import { RunnersScreen } from '@/features/runners/RunnersScreen';

export const metadata = { title: 'Runners' };

export default function RunnersPage() {
  return <RunnersScreen />;
}
