import { useId, type ReactNode } from 'react';

/**
 * A labelled form control. The label points at the control by id rather than wrapping it: a
 * wrapping label would add a select's chosen option to its accessible name ("Status Any status").
 */
export function Field({ label, grow = false, children }: { label: string; grow?: boolean; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
