/** The Arcflow mark: an arc through three beats, one per universe. */
export function Wordmark() {
  return (
    <>
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <path
          d="M4 24 C 10 4, 22 4, 28 24"
          fill="none"
          stroke="var(--text-3)"
          strokeWidth="2.2"
          strokeLinecap="round"
        />
        <circle cx="7.5" cy="16" r="3.2" fill="var(--engineer)" />
        <circle cx="16" cy="9" r="3.2" fill="var(--ceremony)" />
        <circle cx="24.5" cy="16" r="3.2" fill="var(--story)" />
      </svg>
      <span>Arcflow</span>
    </>
  );
}
