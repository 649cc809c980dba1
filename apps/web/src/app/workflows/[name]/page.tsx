import { EditorScreen } from '@/features/editor/EditorScreen';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function WorkflowEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { name } = await params;
  const { new: isNew, revision } = await searchParams;
  const decoded = decodeURIComponent(name);
  return (
    <EditorScreen
      key={decoded}
      name={decoded}
      isNew={isNew === '1'}
      focusRevision={typeof revision === 'string' && revision !== '' ? revision : null}
    />
  );
}
