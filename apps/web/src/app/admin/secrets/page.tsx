import { SecretsScreen } from '@/features/admin/SecretsScreen';

export const metadata = { title: 'Secrets' };

export default function AdminSecretsPage() {
  return <SecretsScreen />;
}
