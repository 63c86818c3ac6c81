import { ApiError, http, isProblem, request } from './http'
import type {
  AuthenticatorSetup,
  BffUser,
  LedgerAccount,
  LedgerInt,
  Me,
  NewPasskey,
  Passkey,
  PasskeyAssertionCeremony,
  PasskeyList,
  PasskeyRegistrationCeremony,
  PasskeyRegistrationStart,
  AdminPage,
  DeliveryFilters,
  MessageDelivery,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  UnreadCount,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookFilters,
  RecoveryCodes,
  RecoveryCodesRegeneration,
  AuthenticationResponseJSON,
  SecurityActivityPage,
  SignedOutOthers,
  SignOutOthersRequest,
  StepUpPurpose,
  StepUpToken,
  SuspenseFilters,
  SuspenseItem,
  TransferPage,
  TwoFactorStatus,
} from './types'
import type {
  DailyRiskReport,
  RiskCaseDetail,
  RiskCaseFilters,
  RiskCaseNote,
  RiskCaseSummary,
  RiskDecision,
  RiskPage,
  RiskRule,
  RuleProposal,
  RuleSettings,
  RuleVersion,
  SanctionsQuery,
  SanctionsResult,
  ShadowResult,
} from './types'

export const bffApi = {
  user: () => http.get<BffUser>('/bff/user', { allowUnauthorized: true }),
}

const passkeyUrl = (id: string) => `/api/identity/passkeys/${encodeURIComponent(id)}`

export const identityApi = {
  me: () => http.get<Me>('/api/identity/me'),
  twoFactor: () => http.get<TwoFactorStatus>('/api/identity/2fa'),
  startAuthenticator: () => http.post<AuthenticatorSetup>('/api/identity/2fa/authenticator'),
  enableTwoFactor: (code: string) => http.post<RecoveryCodes>('/api/identity/2fa/enable', { code }),
  /**
   * 204. 400 names `code` (two-factor is not on, or the code is missing or wrong: a wrong one counts towards the
   * account's lockout); 423 locked-out when too many wrong tries have locked the account.
   */
  disableTwoFactor: (code: string) => http.post('/api/identity/2fa/disable', { code }),
  /**
   * Stops a support agent's pending request to turn two-factor off (the customer did not ask for it): 204. 404
   * reset-request-not-found when there is none to stop any more (a second agent decided it meanwhile, or it expired).
   */
  cancelSupportReset: () => http.post('/api/identity/2fa/support-reset/cancel'),
  /**
   * New recovery codes (the old ones stop working), with the account password typed again. 400 names `password`
   * (missing, or not correct: a wrong one counts towards the account's lockout) or `code` (two-factor is not on);
   * 423 locked-out when too many wrong tries have locked the account.
   */
  regenerateRecoveryCodes: (password: string) =>
    http.post<RecoveryCodes>('/api/identity/2fa/recovery-codes', { password } satisfies RecoveryCodesRegeneration),
  /** 400 names `currentPassword` (a wrong one counts towards the lockout) or `newPassword`; 423 locked-out when locked. */
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post('/api/identity/password', { currentPassword, newPassword }),
  /**
   * Trades a current authenticator code for a step-up token for `purpose`. 400 names `code` (wrong code) or `purpose`;
   * 409 two-factor-required when no authenticator is on; 423 when the account is locked; 429 when tried too often.
   */
  stepUp: (purpose: StepUpPurpose, code: string) => http.post<StepUpToken>('/api/identity/step-up', { purpose, code }),

  /** The customer's passkeys, newest first, and how many they may have. */
  passkeys: () => http.get<PasskeyList>('/api/identity/passkeys'),
  /**
   * Starts adding a passkey, with the account password typed again: the options for navigator.credentials.create.
   * 400 names `password` (missing, or not correct: a wrong one counts towards the account's lockout); 423 locked-out
   * when too many wrong tries have locked the account; 409 passkey-limit when the list is full.
   */
  startPasskeyRegistration: (password: string) =>
    http.post<PasskeyRegistrationCeremony>('/api/identity/passkeys/registrations', { password } satisfies PasskeyRegistrationStart),
  /**
   * Finishes adding a passkey: 201 with it. 400 names `name` (required, at most 50 characters), `ceremonyId` (unknown,
   * used or expired: start again) or `credential` (the authenticator's answer was not accepted); 409 passkey-exists
   * when that authenticator is already registered.
   */
  addPasskey: (passkey: NewPasskey) => http.post<Passkey>('/api/identity/passkeys', passkey),
  /** 400 names `name`; 404 when it is not (or no longer) the customer's. */
  renamePasskey: (id: string, name: string) => http.put<Passkey>(`${passkeyUrl(id)}/name`, { name }),
  /** 204; 404 when it is not (or no longer) the customer's. */
  removePasskey: (id: string) => request<void>(passkeyUrl(id), { method: 'DELETE' }),
  /** Starts a step-up with a passkey: the options for navigator.credentials.get. 409 passkey-required when there is none. */
  passkeyStepUpOptions: (purpose: StepUpPurpose) =>
    http.post<PasskeyAssertionCeremony>('/api/identity/step-up/passkey-options', { purpose }),
  /**
   * Trades the authenticator's answer for a step-up token, as `stepUp` does a code (`method` "hwk"). 400 names
   * `credential` or `ceremonyId`; 423 when the account is locked; 429 when tried too often.
   */
  stepUpWithPasskey: (purpose: StepUpPurpose, ceremonyId: string, credential: AuthenticationResponseJSON) =>
    http.post<StepUpToken>('/api/identity/step-up', { purpose, ceremonyId, credential }),

  /**
   * Ends every session of the customer's but this one, with the account password typed again. 400 names `password`
   * (missing, or not correct: a wrong one counts towards the account's lockout); 423 locked-out when too many wrong
   * tries have locked the account.
   */
  signOutOtherSessions: (password: string) =>
    http.post<SignedOutOthers>('/api/identity/sessions/sign-out-others', { password } satisfies SignOutOthersRequest),

  /** Recent changes to how the customer signs in, newest first. 400 names `page` or `pageSize` when out of range. */
  securityActivity: (page: number, pageSize: number) => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
    return http.get<SecurityActivityPage>(`/api/identity/security-activity?${query}`)
  },
}

/** 409 to a step-up: the customer has no authenticator app turned on, so there is no second factor to prove. */
export function isTwoFactorRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && (error.type ?? '').endsWith('two-factor-required')
}

/** 409 to starting a registration: the customer already has as many passkeys as allowed. */
export const isPasskeyLimit = (error: unknown): boolean => isProblem(error, 409, 'passkey-limit')
/**
 * 423 to a password or code check (starting a passkey registration, new recovery codes, turning two-factor off, changing
 * the password, signing out other sessions): the account is locked after too many wrong tries.
 */
export const isLockedOut = (error: unknown): boolean => isProblem(error, 423, 'locked-out')
/** 404 to stopping a support reset: it was decided or has expired meanwhile, so there is nothing left to stop. */
export const isNothingToCancel = (error: unknown): boolean => isProblem(error, 404, 'reset-request-not-found')
/** 409 to adding a passkey: that authenticator is already registered. */
export const isPasskeyExists = (error: unknown): boolean => isProblem(error, 409, 'passkey-exists')
/** 409 to a passkey step-up: the customer has no passkey (any more). */
export const isPasskeyRequired = (error: unknown): boolean => isProblem(error, 409, 'passkey-required')

export const notificationsApi = {
  page: (page: number, pageSize: number) => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
    return http.get<NotificationPage>(`/api/notifications?${query}`)
  },
  unreadCount: () => http.get<UnreadCount>('/api/notifications/unread-count'),
  markRead: (id: string) => http.post(`/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => http.post('/api/notifications/read-all'),
  preferences: () => http.get<NotificationPreferences>('/api/notifications/preferences'),
  /** 400 problem details keyed like `categories[0].channels.sms` for an unknown category, a missing value, or security off. */
  savePreferences: (update: NotificationPreferencesUpdate) => http.put<NotificationPreferences>('/api/notifications/preferences', update),
}

/** A staff list's query string: only the filters that are set (trimmed), then the page. */
export function adminQuery(filters: object, page: number, pageSize: number): URLSearchParams {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    const text = typeof value === 'string' ? value.trim() : ''
    if (text) query.set(key, text)
  }
  query.set('page', String(page))
  query.set('pageSize', String(pageSize))
  return query
}

const adminDeliveryUrl = (id: string) => `/api/notifications/admin/deliveries/${encodeURIComponent(id)}`
const adminWebhookUrl = (id: string) => `/api/notifications/admin/webhooks/deliveries/${encodeURIComponent(id)}`

export const notificationsAdminApi = {
  deliveries: (filters: DeliveryFilters, page: number, pageSize: number) =>
    http.get<AdminPage<MessageDelivery>>(`/api/notifications/admin/deliveries?${adminQuery(filters, page, pageSize)}`),
  /** 202: the same e-mail or SMS is sent again. */
  replayDelivery: (id: string) => http.post(`${adminDeliveryUrl(id)}/replay`),
  webhookDeliveries: (filters: WebhookFilters, page: number, pageSize: number) =>
    http.get<AdminPage<WebhookDelivery>>(`/api/notifications/admin/webhooks/deliveries?${adminQuery(filters, page, pageSize)}`),
  webhookDelivery: (id: string) => http.get<WebhookDeliveryDetail>(adminWebhookUrl(id)),
  /** 202: the event is sent to the partner's endpoint again. */
  replayWebhook: (id: string) => http.post(`${adminWebhookUrl(id)}/replay`),
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

/** The query string of the case queue: only the filters that are set, then the page. */
export function riskCaseQuery(filters: RiskCaseFilters, page: number, pageSize: number): URLSearchParams {
  const query = new URLSearchParams()
  for (const key of ['status', 'kind', 'resolution', 'assignee', 'from', 'to'] as const) {
    const value = filters[key]
    if (value) query.set(key, value)
  }
  query.set('page', String(page))
  query.set('pageSize', String(pageSize))
  return query
}

const riskCaseUrl = (id: string) => `/api/risk/cases/${encodeURIComponent(id)}`
const riskRuleUrl = (id: string) => `/api/risk/rules/${encodeURIComponent(id)}`
const riskProposalUrl = (id: string) => `/api/risk/rules/proposals/${encodeURIComponent(id)}`

export const riskApi = {
  cases: (filters: RiskCaseFilters, page: number, pageSize: number) =>
    http.get<RiskPage<RiskCaseSummary>>(`/api/risk/cases?${riskCaseQuery(filters, page, pageSize)}`),
  // Amounts in the context and history are minor units: keep any beyond 2^53 exact.
  case: (id: string) => http.get<RiskCaseDetail>(riskCaseUrl(id), { exactIntegers: true }),
  decide: (id: string, decision: RiskDecision, comment: string, idempotencyKey: string) =>
    request<RiskCaseDetail>(`${riskCaseUrl(id)}/decision`, {
      method: 'POST',
      body: { decision, comment },
      exactIntegers: true,
      idempotencyKey,
    }),
  /** Claims the case for the signed-in officer; `takeOver` claims it from the officer who holds it. Answers the case. */
  claimCase: (id: string, takeOver = false) =>
    request<RiskCaseDetail>(`${riskCaseUrl(id)}/claim`, { method: 'POST', body: takeOver ? { takeOver: true } : {}, exactIntegers: true }),
  /** Gives back a case the signed-in officer holds. Answers the case. */
  releaseCase: (id: string) => request<RiskCaseDetail>(`${riskCaseUrl(id)}/release`, { method: 'POST', exactIntegers: true }),
  addCaseNote: (id: string, text: string) => http.post<RiskCaseNote>(`${riskCaseUrl(id)}/notes`, { text }),
  rules: () => http.get<RiskRule[]>('/api/risk/rules'),
  ruleVersions: (id: string) => http.get<RuleVersion[]>(`${riskRuleUrl(id)}/versions`),
  propose: (id: string, settings: RuleSettings, comment: string) =>
    http.post<RuleProposal>(`${riskRuleUrl(id)}/proposals`, { ...settings, comment }),
  approveProposal: (proposalId: string, comment: string) => http.post(`${riskProposalUrl(proposalId)}/approve`, { comment }),
  rejectProposal: (proposalId: string, comment: string) => http.post(`${riskProposalUrl(proposalId)}/reject`, { comment }),
  shadowResults: (id: string, page: number, pageSize: number) => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
    return http.get<RiskPage<ShadowResult>>(`${riskRuleUrl(id)}/shadow-results?${query}`)
  },
  dailyReport: (date: string) => http.get<DailyRiskReport>(`/api/risk/reports/daily?${new URLSearchParams({ date })}`),
  screenSanctions: (query: SanctionsQuery) => http.post<SanctionsResult>('/api/risk/sanctions/screen', query),
}

/** The suspense queue's query string: only the filters that are set, then the page. */
export function suspenseQuery(filters: SuspenseFilters, page: number, pageSize: number): URLSearchParams {
  const query = new URLSearchParams()
  if (filters.status) query.set('status', filters.status)
  if (filters.reason) query.set('reason', filters.reason)
  query.set('page', String(page))
  query.set('pageSize', String(pageSize))
  return query
}

export const suspenseApi = {
  list: (filters: SuspenseFilters, page: number, pageSize: number) =>
    http.get<AdminPage<SuspenseItem>>(`/api/payments/suspense?${suspenseQuery(filters, page, pageSize)}`),
  resolve: (id: string, resolution: string, idempotencyKey: string) =>
    request<SuspenseItem>(`/api/payments/suspense/${encodeURIComponent(id)}/resolution`, {
      method: 'POST',
      body: { resolution },
      idempotencyKey,
    }),
}
