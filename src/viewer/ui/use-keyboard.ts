import { useEffect, useRef } from 'preact/hooks';

export type KeyHandlers = Partial<Record<string, (event: KeyboardEvent) => void>>;

/**
 * Page-wide shortcuts while the caller is mounted, keyed by `KeyboardEvent.key`. Keys typed into a
 * text field stay the field's, except Escape (which leaves the field).
 */
export function useKeyboard(handlers: KeyHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTextField(event.target) && event.key !== 'Escape') return;
      const handler = current.current[event.key];
      if (handler) handler(event);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}
