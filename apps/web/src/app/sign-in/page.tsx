import { SignInScreen } from '@/features/auth/SignInScreen';

export const metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return <SignInScreen next={typeof next === 'string' ? next : null} />;
}
