import { CompareScreen } from '@/features/runs/compare/CompareScreen';

interface ComparePageProps {
  params: Promise<{ id: string }>;
  /** `?with=<runId>`: the run to compare with; without it, the last green run of the workflow. */
  searchParams: Promise<{ with?: string | string[] }>;
}

export async function generateMetadata({ params }: ComparePageProps) {
  const { id } = await params;
  return { title: `Compare run ${id}` };
}

export default async function ComparePage({ params, searchParams }: ComparePageProps) {
  const { id } = await params;
  const other = (await searchParams).with;
  const runB = typeof other === 'string' && other !== '' ? other : undefined;
  return <CompareScreen key={`${id}:${runB ?? ''}`} runA={id} runB={runB} />;
}
