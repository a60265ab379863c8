import type { JSX } from 'preact';

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; error?: string | undefined; hint?: string };

/** A labelled input with its field-level error announced to assistive technology. */
export function Field({ id, label, error, hint, ...input }: Props) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} aria-invalid={error ? 'true' : undefined} aria-describedby={described} {...input} />
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
