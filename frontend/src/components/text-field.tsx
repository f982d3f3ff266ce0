import { useId, type ReactNode } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'password';
  required?: boolean;
  autoComplete?: string;
  /** Shown under the field and read with it (e.g. the byte count of a new password). */
  hint?: ReactNode;
  invalid?: boolean;
  name?: string;
}

/** A labelled input; its label, hint and invalid state are wired for screen readers. */
export function TextField({
  label,
  value,
  onChange,
  type = 'text',
  required,
  autoComplete,
  hint,
  invalid,
  name,
}: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={invalid}
        aria-describedby={hint === undefined ? undefined : hintId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined && (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
    </div>
  );
}
