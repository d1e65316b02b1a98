const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A random idempotency key for a write (22 characters, 132 bits). Uses getRandomValues because
 * crypto.randomUUID exists only in secure contexts, and wards often serve the app over plain http on a LAN.
 */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return Array.from(bytes, (byte) => ALPHABET[byte & 63]).join('');
}
