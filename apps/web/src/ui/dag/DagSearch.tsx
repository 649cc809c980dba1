'use client';

import { useId, useMemo, useState } from 'react';
import dagCss from '@/ui/dag/DagView.module.css';
import textCss from '@/ui/text.module.css';
import { matchSteps } from './search';

/** A step-id search box with suggestions; choosing one jumps to that step. */
export function DagSearch({
  ids,
  onJump,
}: {
  ids: readonly string[];
  onJump: (id: string) => void;
}) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => matchSteps(ids, query), [ids, query]);
  const choose = (id: string) => {
    setQuery(id);
    setOpen(false);
    onJump(id);
  };
  const shown = open && matches.length > 0;
  return (
    <div className={dagCss.search}>
      <input
        type="search"
        className={dagCss.searchInput}
        placeholder={`Find a beat (${ids.length.toLocaleString('en')})`}
        aria-label="Find a step in the graph"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : matches.length - 1;
            setActive((a) => (matches.length ? (a + step) % matches.length : 0));
          } else if (e.key === 'Enter') {
            const exact = ids.includes(query.trim()) ? query.trim() : undefined;
            const pick = shown ? matches[active] : exact;
            if (pick) choose(pick);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <div id={listId} role="listbox" className={dagCss.suggestions} aria-label="Matching steps">
          {matches.map((id, i) => (
            <div
              key={id}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={`${dagCss.suggestion} ${textCss.mono}`}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(id);
              }}
            >
              {id}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
