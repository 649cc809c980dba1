'use client';

import {
  type QueryKey,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { getUntypedClient } from '@trpc/client';
import type { ContractMutations, ContractQueries } from './api-contract';
import { useTRPCClient } from './trpc';

/** The react-query key of a contract query; `[..., path]` alone matches every input. */
export const contractKey = (path: keyof ContractQueries, input?: unknown): QueryKey =>
  input === undefined ? ['contract', path] : ['contract', path, input];

/** A query of the contract (see `api-contract.ts`), typed by its path. */
export function useContractQuery<P extends keyof ContractQueries>(
  path: P,
  input: ContractQueries[P]['input'],
  options: Omit<UseQueryOptions<ContractQueries[P]['output']>, 'queryKey' | 'queryFn'> = {},
) {
  const client = getUntypedClient(useTRPCClient());
  return useQuery<ContractQueries[P]['output']>({
    ...options,
    queryKey: contractKey(path, input),
    queryFn: ({ signal }) =>
      client.query(path, input, { signal }) as Promise<ContractQueries[P]['output']>,
  });
}

/**
 * A mutation of the contract; on success it refetches the contract queries named in
 * `invalidates` (every input of each).
 */
export function useContractMutation<P extends keyof ContractMutations>(
  path: P,
  options: {
    invalidates?: (keyof ContractQueries)[];
    onSuccess?: (output: ContractMutations[P]['output']) => void;
    onError?: (error: unknown) => void;
  } = {},
) {
  const client = getUntypedClient(useTRPCClient());
  const queryClient = useQueryClient();
  return useMutation<ContractMutations[P]['output'], unknown, ContractMutations[P]['input']>({
    mutationFn: (input) => client.mutation(path, input) as Promise<ContractMutations[P]['output']>,
    onSuccess: (output) => {
      for (const query of options.invalidates ?? []) {
        void queryClient.invalidateQueries({ queryKey: contractKey(query) });
      }
      options.onSuccess?.(output);
    },
    onError: options.onError,
  });
}
