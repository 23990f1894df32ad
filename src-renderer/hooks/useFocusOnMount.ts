import { useEffect, useRef } from 'react';

/** A ref whose element takes the keyboard focus once, when the component appears (dialogs, first fields). */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
