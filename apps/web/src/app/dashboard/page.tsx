import { EmptyState } from '@/components/ui/States';

export const metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Dashboard</h1>
          <p>How the arcs of this workspace are going.</p>
        </div>
      </div>
      <div className="card">
        <EmptyState title="The dashboard is on its way">
          Success rates, tension points by step and durations will appear here.
        </EmptyState>
      </div>
    </div>
  );
}
