import { SignInScreen } from '@/features/auth/SignInScreen';

export const metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const { next, error } = await searchParams;
  return (
    <SignInScreen
      next={typeof next === 'string' ? next : null}
      providerError={typeof error === 'string' ? error : null}
    />
  );
}
