/**
 * A modal dialog on the native <dialog> (showModal): the rest of the page is inert, Tab stays inside,
 * Escape closes it; focus goes to its first field (or autofocus) and back to the opener on close.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: { title: string; onClose(): void; children: ReactNode; wide?: boolean; description?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[autofocus], input:not([type=hidden]), select, textarea, button:not(.dialog-close)');
    first?.focus();
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className={props.wide ? 'dialog wide' : 'dialog'} aria-labelledby={titleId} aria-describedby={props.description ? descId : undefined}>
      <div className="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="dialog-close" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </div>
      {props.description && (
        <p id={descId} className="help">
          {props.description}
        </p>
      )}
      {props.children}
    </dialog>
  );
}

/**
 * A dialog's footer: Cancel, and the dialog's action, which says `busyLabel` and is disabled while it
 * runs. `submit` makes the action the enclosing form's submit button (its onSubmit runs it).
 */
export function DialogActions(props: {
  onCancel(): void;
  label: string;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  danger?: boolean;
  onAction?(): void;
  submit?: boolean;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button
        type={props.submit ? 'submit' : 'button'}
        className={props.danger ? 'primary danger' : 'primary'}
        onClick={props.submit ? undefined : props.onAction}
        disabled={props.busy || props.disabled}
      >
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}
