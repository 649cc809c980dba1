import { AuditScreen } from '@/features/admin/AuditScreen';

export const metadata = { title: 'Audit' };

export default function AdminAuditPage() {
  return <AuditScreen />;
}
