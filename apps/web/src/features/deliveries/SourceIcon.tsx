import type { DeliverySource } from './types';

const PATHS: Record<DeliverySource, string> = {
  github: 'M16 18l6-6-6-6M8 6l-6 6 6 6',
  gitlab: 'M12 21L3 10l2.5-7 3 7h7l3-7L21 10z',
  generic:
    'M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7',
  'git-hook':
    'M6 3v12M18 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM6 15a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM18 9a9 9 0 0 1-9 9',
  schedule: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
};

/** A small line icon per delivery source. */
export function SourceIcon({ source }: { source: DeliverySource }) {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[source]} />
    </svg>
  );
}
