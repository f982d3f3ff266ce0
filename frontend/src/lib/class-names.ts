/** Joins the class names that apply: `cx(styles.item, done && styles.done)`. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter((name) => typeof name === 'string' && name !== '').join(' ');
}
