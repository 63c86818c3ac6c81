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
