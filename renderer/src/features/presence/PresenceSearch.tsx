/* @jsxRuntime automatic */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useConsole } from '../../store/index.js';

export const SEARCH_DEBOUNCE_MS = 300;

/** Search by username or user id: applied after a short pause in typing, or at once on Enter. */
export function PresenceSearch() {
  const search = useConsole((state) => state.presenceSearch);
  const setSearch = useConsole((state) => state.setPresenceSearch);
  const [text, setText] = useState(search);
  /** The last search this box sent; a different one in the store was set elsewhere and is adopted. */
  const sent = useRef(search);

  useEffect(() => {
    if (search === sent.current) return;
    sent.current = search;
    setText(search);
  }, [search]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      void setSearch(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, setSearch]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    sent.current = text;
    void setSearch(text);
  };

  return (
    <form className="presence-search" role="search" onSubmit={submit}>
      <label htmlFor="presence-search-input">Search users</label>
      <input
        id="presence-search-input"
        type="search"
        data-testid="presence-search"
        placeholder="username or user id"
        value={text}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}
