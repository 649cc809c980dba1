import { DashboardScreen } from '@/features/dashboard/DashboardScreen';

export const metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return <DashboardScreen />;
}
