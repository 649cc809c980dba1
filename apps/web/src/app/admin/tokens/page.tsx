import { TokensScreen } from '@/features/admin/TokensScreen';

export const metadata = { title: 'Tokens' };

export default function AdminTokensPage() {
  return <TokensScreen />;
}
