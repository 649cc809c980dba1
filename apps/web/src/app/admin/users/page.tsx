import { UsersScreen } from '@/features/admin/UsersScreen';

export const metadata = { title: 'Users' };

export default function AdminUsersPage() {
  return <UsersScreen />;
}
