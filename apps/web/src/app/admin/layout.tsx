import type { ReactNode } from 'react';
import { AdminFrame } from '@/features/admin/AdminFrame';

export const metadata = { title: { default: 'Admin', template: '%s · Admin · Arcflow' } };

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <AdminFrame>{children}</AdminFrame>;
}
