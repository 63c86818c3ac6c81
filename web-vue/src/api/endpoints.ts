import { http } from './http'
import type {
  AuthenticatorSetup,
  BffUser,
  LedgerAccount,
  LedgerInt,
  Me,
  NotificationPage,
  RecoveryCodes,
  TransferPage,
  TwoFactorStatus,
} from './types'

export const bffApi = {
  user: () => http.get<BffUser>('/bff/user', { allowUnauthorized: true }),
}

export const identityApi = {
  me: () => http.get<Me>('/api/identity/me'),
  twoFactor: () => http.get<TwoFactorStatus>('/api/identity/2fa'),
  startAuthenticator: () => http.post<AuthenticatorSetup>('/api/identity/2fa/authenticator'),
  enableTwoFactor: (code: string) => http.post<RecoveryCodes>('/api/identity/2fa/enable', { code }),
  disableTwoFactor: (code: string) => http.post('/api/identity/2fa/disable', { code }),
  regenerateRecoveryCodes: () => http.post<RecoveryCodes>('/api/identity/2fa/recovery-codes'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post('/api/identity/password', { currentPassword, newPassword }),
}

export const notificationsApi = {
  page: (page: number, pageSize: number) => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
    return http.get<NotificationPage>(`/api/notifications?${query}`)
  },
  markRead: (id: string) => http.post(`/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => http.post('/api/notifications/read-all'),
}

export const ledgerApi = {
  myAccounts: () => http.get<LedgerAccount[]>('/api/ledger/me/accounts', { exactIntegers: true }),
  transfers: (accountId: LedgerInt, limit: number, cursor?: LedgerInt | null) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (cursor !== undefined && cursor !== null) query.set('cursor', String(cursor))
    return http.get<TransferPage>(
      `/api/ledger/accounts/${encodeURIComponent(String(accountId))}/transfers?${query}`,
      { exactIntegers: true },
    )
  },
}
