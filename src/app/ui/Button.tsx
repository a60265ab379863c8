import type { ComponentChildren, JSX } from 'preact';

type Props = JSX.HTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'normal' | 'large' | 'icon';
  children: ComponentChildren;
  disabled?: boolean;
  type?: 'button' | 'submit';
};

/** Every tap target is at least 48 px (styles.css); `variant` only changes colours. */
export function Button({ variant = 'secondary', size = 'normal', class: cls, type = 'button', children, ...rest }: Props) {
  return (
    <button type={type} class={`btn btn-${variant} btn-${size} ${cls ?? ''}`} {...rest}>
      {children}
    </button>
  );
}
