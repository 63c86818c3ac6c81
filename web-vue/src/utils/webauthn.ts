import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@/api/types'

/**
 * WebAuthn (passkeys) in the browser. The server speaks the WebAuthn Level 3 JSON forms (binary members as base64url
 * strings); navigator.credentials wants ArrayBuffers and answers with PublicKeyCredential objects. Browsers that have
 * PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and credential.toJSON() convert
 * themselves; for the others the same conversions are done here.
 */

/**
 * Whether this browser can create and use passkeys on this page. WebAuthn needs a secure context (HTTPS, or
 * http://localhost); outside one the browser does not expose PublicKeyCredential at all.
 */
export function isWebAuthnSupported(): boolean {
  if (typeof window === 'undefined' || window.isSecureContext === false) return false
  const credentials = typeof navigator === 'undefined' ? undefined : navigator.credentials
  return (
    typeof window.PublicKeyCredential !== 'undefined' &&
    typeof credentials?.create === 'function' &&
    typeof credentials.get === 'function'
  )
}

// ---- base64url (RFC 4648 §5), without padding ----

/** Bytes as base64url without padding, the form WebAuthn's JSON uses. */
export function toBase64Url(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  let binary = ''
  // In slices: String.fromCharCode(...bytes) on a large buffer would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** base64url (padding optional) to bytes; a TypeError for anything else. */
export function fromBase64Url(text: string): ArrayBuffer {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new TypeError('Not base64url')
  const unpadded = text.replace(/=+$/, '')
  if (unpadded.length % 4 === 1) throw new TypeError('Not base64url')
  const base64 = unpadded.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (unpadded.length % 4)) % 4)
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes.buffer
}

// ---- Options: JSON from the server to what navigator.credentials takes ----

/**
 * Drops members that are null, at any depth. A server may write an absent optional member as null, which the
 * browser's own parse (and navigator.credentials) would take as a wrong value rather than as "not given".
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .map(([key, member]) => [key, withoutNulls(member)]),
  ) as T
}

const descriptorFromJSON = (descriptor: PublicKeyCredentialDescriptorJSON): PublicKeyCredentialDescriptor => ({
  ...descriptor,
  id: fromBase64Url(descriptor.id),
  type: descriptor.type as PublicKeyCredentialType,
  transports: descriptor.transports as AuthenticatorTransport[] | undefined,
})

/**
 * Extension inputs pass as they are: Jade asks only for ones without binary inputs (credProps, say). The binary ones
 * (largeBlob.write, prf.eval) would need decoding first.
 */
const extensionsFromJSON = (extensions: AuthenticationExtensionsClientInputsJSON | undefined) =>
  extensions as AuthenticationExtensionsClientInputs | undefined

/** The options for navigator.credentials.create from their JSON form. */
export function creationOptionsFromJSON(json: PublicKeyCredentialCreationOptionsJSON): PublicKeyCredentialCreationOptions {
  const options = withoutNulls(json)
  const parse = window.PublicKeyCredential?.parseCreationOptionsFromJSON
  if (typeof parse === 'function') return parse.call(window.PublicKeyCredential, options)
  return {
    ...options,
    attestation: options.attestation as AttestationConveyancePreference | undefined,
    challenge: fromBase64Url(options.challenge),
    user: { ...options.user, id: fromBase64Url(options.user.id) },
    excludeCredentials: options.excludeCredentials?.map(descriptorFromJSON),
    extensions: extensionsFromJSON(options.extensions),
  }
}

/** The options for navigator.credentials.get from their JSON form. */
export function requestOptionsFromJSON(json: PublicKeyCredentialRequestOptionsJSON): PublicKeyCredentialRequestOptions {
  const options = withoutNulls(json)
  const parse = window.PublicKeyCredential?.parseRequestOptionsFromJSON
  if (typeof parse === 'function') return parse.call(window.PublicKeyCredential, options)
  return {
    ...options,
    userVerification: options.userVerification as UserVerificationRequirement | undefined,
    challenge: fromBase64Url(options.challenge),
    allowCredentials: options.allowCredentials?.map(descriptorFromJSON),
    extensions: extensionsFromJSON(options.extensions),
  }
}

// ---- Credentials: what navigator.credentials answered, to JSON for the server ----

/**
 * The browser's own toJSON(), when it has one that works. Some password-manager extensions stand in for
 * navigator.credentials and hand back objects whose toJSON is missing or broken: those are serialized here instead.
 */
function browserJSON<T extends { response: object }>(credential: PublicKeyCredential): T | null {
  if (typeof credential.toJSON !== 'function') return null
  try {
    const json: unknown = credential.toJSON()
    const response = (json as { response?: { clientDataJSON?: unknown } } | null)?.response
    return typeof response?.clientDataJSON === 'string' ? (json as T) : null
  } catch {
    return null
  }
}

function commonJSON(credential: PublicKeyCredential) {
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    // Absent rather than null when the browser does not say, as toJSON() has it.
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: (credential.getClientExtensionResults?.() ?? {}) as Record<string, unknown>,
  }
}

/** A new credential from navigator.credentials.create as RegistrationResponseJSON. */
export function registrationToJSON(credential: PublicKeyCredential): RegistrationResponseJSON {
  const own = browserJSON<RegistrationResponseJSON>(credential)
  if (own) return own
  const response = credential.response as AuthenticatorAttestationResponse
  const publicKey = response.getPublicKey?.()
  return {
    ...commonJSON(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      attestationObject: toBase64Url(response.attestationObject),
      transports: response.getTransports?.() ?? [],
      authenticatorData: response.getAuthenticatorData ? toBase64Url(response.getAuthenticatorData()) : undefined,
      publicKey: publicKey ? toBase64Url(publicKey) : undefined,
      publicKeyAlgorithm: response.getPublicKeyAlgorithm?.(),
    },
  }
}

/** An assertion from navigator.credentials.get as AuthenticationResponseJSON. */
export function authenticationToJSON(credential: PublicKeyCredential): AuthenticationResponseJSON {
  const own = browserJSON<AuthenticationResponseJSON>(credential)
  if (own) return own
  const response = credential.response as AuthenticatorAssertionResponse
  return {
    ...commonJSON(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      authenticatorData: toBase64Url(response.authenticatorData),
      signature: toBase64Url(response.signature),
      userHandle: response.userHandle ? toBase64Url(response.userHandle) : undefined,
    },
  }
}

// ---- Ceremonies ----

/** Creates a passkey with the server's options; the answer is ready to post. Rejects as navigator.credentials does. */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON, signal?: AbortSignal): Promise<RegistrationResponseJSON> {
  const credential = await navigator.credentials.create({ publicKey: creationOptionsFromJSON(options), signal })
  if (!credential) throw new DOMException('No credential was created', 'NotAllowedError')
  return registrationToJSON(credential as PublicKeyCredential)
}

/** Signs the server's challenge with a passkey; the answer is ready to post. Rejects as navigator.credentials does. */
export async function getPasskeyAssertion(options: PublicKeyCredentialRequestOptionsJSON, signal?: AbortSignal): Promise<AuthenticationResponseJSON> {
  const credential = await navigator.credentials.get({ publicKey: requestOptionsFromJSON(options), signal })
  if (!credential) throw new DOMException('No credential was chosen', 'NotAllowedError')
  return authenticationToJSON(credential as PublicKeyCredential)
}

// ---- Failures ----

export type WebAuthnCeremony = 'create' | 'get'

/**
 * Why a ceremony failed, from the error navigator.credentials rejected with:
 * - `cancelled`: NotAllowedError, the customer closed the prompt, it timed out, or no passkey on hand fits;
 * - `alreadyRegistered`: InvalidStateError while creating, this authenticator already holds one of the account's passkeys;
 * - `aborted`: AbortError, the page stopped the ceremony itself (say, on leaving), nothing to tell;
 * - `unsupported`: NotSupportedError, no authenticator here can do what was asked;
 * - `failed`: anything else (a SecurityError from a wrong origin, options the browser could not read, ...).
 */
export type WebAuthnFailure = 'cancelled' | 'alreadyRegistered' | 'aborted' | 'unsupported' | 'failed'

export function webAuthnFailure(error: unknown, ceremony: WebAuthnCeremony): WebAuthnFailure {
  // By name, not by class: extensions that stand in for navigator.credentials throw look-alike errors.
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  switch (name) {
    case 'NotAllowedError':
      return 'cancelled'
    case 'InvalidStateError':
      return ceremony === 'create' ? 'alreadyRegistered' : 'failed'
    case 'AbortError':
      return 'aborted'
    case 'NotSupportedError':
      return 'unsupported'
    default:
      return 'failed'
  }
}

/** The i18n key of the message for a failed ceremony (`webauthn.create.cancelled`, ...); '' for an abort. */
export function webAuthnMessageKey(error: unknown, ceremony: WebAuthnCeremony): string {
  const failure = webAuthnFailure(error, ceremony)
  return failure === 'aborted' ? '' : `webauthn.${ceremony}.${failure}`
}
