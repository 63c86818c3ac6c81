export type BffUser =
  | {
      isAuthenticated: true
      sub: string
      email: string
      name?: string
      roles: string[]
      logoutUrl: string
    }
  | { isAuthenticated: false }

export interface Me {
  id: string
  email: string
  phoneNumber: string | null
  twoFactorEnabled: boolean
  createdAt: string
}

export interface TwoFactorStatus {
  enabled: boolean
  recoveryCodesLeft: number
}

export interface AuthenticatorSetup {
  sharedKey: string
  authenticatorUri: string
  qrCodeDataUri: string
}

export interface RecoveryCodes {
  recoveryCodes: string[]
}

/** Text per locale tag, e.g. { "zh-CN": "…", "en": "…" }. */
export type LocalizedText = Record<string, string>

export interface Notification {
  id: string
  category: string
  title: LocalizedText
  body: LocalizedText
  createdAt: string
  readAt: string | null
}

export interface NotificationPage {
  items: Notification[]
  page: number
  pageSize: number
  total: number
  unread: number
}

/**
 * A ledger integer (minor units, ids, nanosecond timestamps). A JSON number when it fits a double exactly,
 * otherwise the exact decimal string (see `exactIntegers` in http.ts). Convert with BigInt(...) before any maths.
 */
export type LedgerInt = number | string

export interface LedgerAccount {
  id: LedgerInt
  currency: string
  code: number
  ownerId: string
  flags: string[]
  debitsPending: LedgerInt
  debitsPosted: LedgerInt
  creditsPending: LedgerInt
  creditsPosted: LedgerInt
  availableBalance: LedgerInt
  timestamp: LedgerInt
}

export interface LedgerTransfer {
  id: LedgerInt
  debitAccountId: LedgerInt
  creditAccountId: LedgerInt
  amount: LedgerInt
  currency: string
  code: number
  flags: string[]
  pendingId: LedgerInt | null
  /** How long a pending transfer holds the money; 0 for no timeout or for any other transfer. */
  timeoutSeconds: number
  timestamp: LedgerInt
}

export interface TransferPage {
  items: LedgerTransfer[]
  nextCursor: LedgerInt | null
}
