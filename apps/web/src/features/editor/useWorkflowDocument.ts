'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { starterYaml } from '@/features/workflows/starter';
import type { Diagnostic } from '@/lib/api-types';
import { errorDiagnostics, errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';

/**
 * The workflow's YAML as the editor holds it: loaded once (a new workflow starts from the
 * starter YAML), edited, saved with an optional revision message (also with Ctrl/Cmd+S
 * anywhere on the page), replaced by a restored revision, and what the runner said when it
 * refused to save.
 */
export function useWorkflowDocument(name: string, isNew: boolean, readOnly = false) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const detail = useQuery({
    ...trpc.workflows.source.queryOptions({ name }),
    enabled: !isNew,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const [text, setText] = useState<string | null>(isNew ? starterYaml(name) : null);
  const [savedText, setSavedText] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [refusalDiagnostics, setRefusalDiagnostics] = useState<Diagnostic[]>([]);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  /** The message the next save records with its revision ('' for none). */
  const [message, setMessage] = useState('');

  // Load the stored YAML once; later refetches must not overwrite what the user types.
  useEffect(() => {
    if (detail.data && text === null) {
      setText(detail.data.yaml);
      setSavedText(detail.data.yaml);
    }
  }, [detail.data, text]);

  const save = useMutation(trpc.workflows.save.mutationOptions());

  // The runner's check of the text it sent: the editor need not send it back to be checked.
  const loaded = detail.data;
  const loadedCheck = useMemo(
    () =>
      loaded ? { text: loaded.yaml, valid: loaded.valid, diagnostics: loaded.diagnostics } : null,
    [loaded],
  );

  const doSave = useCallback(async (): Promise<boolean> => {
    if (text === null || readOnly) return false;
    setRefusal(null);
    setRefusalDiagnostics([]);
    try {
      const trimmed = message.trim();
      await save.mutateAsync({ name, yaml: text, ...(trimmed ? { message: trimmed } : {}) });
      setSavedText(text);
      setSavedAt(Date.now());
      setMessage('');
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.source.queryKey({ name }) });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ name }) });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.history.queryKey({ name }) });
      if (isNew) router.replace(`/workflows/${name}`);
      return true;
    } catch (e) {
      const problems = errorDiagnostics(e).filter((d) => d.severity === 'error');
      setRefusal(
        problems.length > 0
          ? `Not saved: the engine refuses it — ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix first, listed below.`
          : `Not saved: ${errorMessage(e)}`,
      );
      setRefusalDiagnostics(problems);
      return false;
    }
  }, [text, readOnly, message, name, save, queryClient, trpc, isNew, router]);

  // Ctrl/Cmd+S anywhere on the page (Monaco handles it itself while focused).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void doSave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doSave]);

  /** The user typed: the new text, and a refusal no longer applies. */
  const edit = useCallback((next: string) => {
    setText(next);
    setRefusal(null);
    setRefusalDiagnostics([]);
  }, []);

  /** A restored revision is now the workflow's file: the editor shows it, with nothing unsaved. */
  const adoptSaved = useCallback((yaml: string) => {
    setText(yaml);
    setSavedText(yaml);
    setSavedAt(Date.now());
    setRefusal(null);
    setRefusalDiagnostics([]);
  }, []);

  const dirty = text !== null && text !== savedText;
  const saveState = save.isPending
    ? 'Saving…'
    : dirty
      ? isNew && savedText === null
        ? 'Not saved yet'
        : 'Unsaved changes'
      : savedAt
        ? 'Saved'
        : 'No changes';

  return {
    detail,
    text,
    edit,
    dirty,
    message,
    setMessage,
    adoptSaved,
    save: doSave,
    saving: save.isPending,
    saveState,
    /** A template until the first save writes it into the workspace. */
    isTemplate: detail.data?.origin === 'template' && savedAt === null,
    file: detail.data?.file ?? `.mia/workflows/${name}.yaml`,
    refusal,
    refusalDiagnostics,
    loadedCheck,
  };
}
