import { ValidationError } from '../errors/index.ts';

/** Shortest API secret accepted when one is set by hand: a generated one has 32 hex characters (128 bits). */
export const minApiSecretLength = 32;
/** Longest API secret accepted (longer ones are never looked up). */
export const maxApiSecretLength = 256;

/**
 * Refuses an API secret set through the User document that is guessable: shorter than a generated one, or made
 * of a few repeated characters. Generated secrets (`generate_keys`) always pass.
 *
 * @example assertStrongApiSecret('1234') // throws ValidationError (417)
 */
export function assertStrongApiSecret(secret: string): void {
  if (secret.length > maxApiSecretLength)
    throw new ValidationError(`API Secret must be at most ${maxApiSecretLength} characters`);
  if (secret.length < minApiSecretLength || new Set(secret).size < 8)
    throw new ValidationError(
      `API Secret is too weak: use Generate Keys, or a random value of at least ${minApiSecretLength} characters`,
    );
}
