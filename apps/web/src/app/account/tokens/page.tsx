import { AccountTokensScreen } from '@/features/account/AccountTokensScreen';

export const metadata = { title: 'Your tokens' };

export default function AccountTokensPage() {
  return <AccountTokensScreen />;
}
