import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router'
import { CUSTOMER, PAYMENTS_OPERATOR, RISK_OFFICER, STAFF, SUPPORT_AGENT, useSessionStore } from '@/stores/session'
import { homeRoute, mayOpen } from './navigation'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey: string
    requiresAuth?: boolean
    /** The signed-in user needs one of these roles; children inherit it. Others see the "not authorised" page. */
    roles?: string[]
  }
}

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      {
        path: '/',
        name: 'landing',
        component: () => import('@/views/LandingView.vue'),
        meta: { titleKey: 'titles.landing' },
      },
      {
        path: '/dashboard',
        name: 'dashboard',
        component: () => import('@/views/DashboardView.vue'),
        meta: { titleKey: 'titles.dashboard', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/wallet',
        name: 'wallet',
        component: () => import('@/views/WalletView.vue'),
        meta: { titleKey: 'titles.wallet', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/security',
        name: 'security',
        component: () => import('@/views/SecurityView.vue'),
        // Everyone's sign-in security (password, authenticator, passkeys, sessions); the payment PIN only for customers.
        meta: { titleKey: 'titles.security', requiresAuth: true },
      },
      {
        path: '/verification',
        name: 'verification',
        component: () => import('@/views/VerificationView.vue'),
        meta: { titleKey: 'titles.verification', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/cards',
        name: 'cards',
        component: () => import('@/views/CardsView.vue'),
        meta: { titleKey: 'titles.cards', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/pay',
        name: 'pay',
        component: () => import('@/views/PayView.vue'),
        meta: { titleKey: 'titles.pay', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/topup',
        name: 'topup',
        component: () => import('@/views/TopUpView.vue'),
        meta: { titleKey: 'titles.topup', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/withdraw',
        name: 'withdraw',
        component: () => import('@/views/WithdrawView.vue'),
        meta: { titleKey: 'titles.withdraw', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/payments',
        name: 'payments',
        component: () => import('@/views/PaymentsView.vue'),
        meta: { titleKey: 'titles.payments', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/payments/:id',
        name: 'payment-detail',
        component: () => import('@/views/PaymentDetailView.vue'),
        meta: { titleKey: 'titles.paymentDetail', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/payments/:id/receipt',
        name: 'payment-receipt',
        component: () => import('@/views/PaymentReceiptView.vue'),
        meta: { titleKey: 'titles.paymentReceipt', requiresAuth: true, roles: [CUSTOMER] },
      },
      {
        path: '/notifications',
        component: () => import('@/views/notifications/NotificationsView.vue'),
        meta: { titleKey: 'titles.notifications', requiresAuth: true, roles: [CUSTOMER] },
        children: [
          {
            path: '',
            name: 'notifications',
            component: () => import('@/views/notifications/NotificationsInboxView.vue'),
            meta: { titleKey: 'titles.notifications' },
          },
          {
            path: 'preferences',
            name: 'notification-preferences',
            component: () => import('@/views/notifications/NotificationPreferencesView.vue'),
            meta: { titleKey: 'titles.notificationPreferences' },
          },
        ],
      },
      {
        path: '/admin/notifications',
        component: () => import('@/views/notifications/admin/NotificationConsoleView.vue'),
        meta: { titleKey: 'titles.notificationConsole', requiresAuth: true, roles: [STAFF] },
        children: [
          { path: '', name: 'notification-console', redirect: { name: 'notification-deliveries' } },
          {
            path: 'deliveries',
            name: 'notification-deliveries',
            component: () => import('@/views/notifications/admin/DeliveriesView.vue'),
            meta: { titleKey: 'titles.notificationDeliveries' },
          },
          {
            path: 'webhooks',
            name: 'notification-webhooks',
            component: () => import('@/views/notifications/admin/WebhookDeliveriesView.vue'),
            meta: { titleKey: 'titles.notificationWebhooks' },
          },
        ],
      },
      {
        path: '/admin/payments/suspense',
        name: 'payments-suspense',
        component: () => import('@/views/payments/admin/SuspenseView.vue'),
        meta: { titleKey: 'titles.suspense', requiresAuth: true, roles: [PAYMENTS_OPERATOR] },
      },
      {
        path: '/admin/support',
        name: 'support',
        component: () => import('@/views/support/SupportView.vue'),
        meta: { titleKey: 'titles.support', requiresAuth: true, roles: [SUPPORT_AGENT] },
      },
      {
        path: '/admin/risk',
        component: () => import('@/views/risk/RiskConsoleView.vue'),
        meta: { titleKey: 'titles.risk', requiresAuth: true, roles: [RISK_OFFICER] },
        children: [
          { path: '', name: 'risk', redirect: { name: 'risk-cases' } },
          {
            path: 'cases',
            name: 'risk-cases',
            component: () => import('@/views/risk/RiskCasesView.vue'),
            meta: { titleKey: 'titles.riskCases' },
          },
          {
            path: 'cases/:id',
            name: 'risk-case',
            component: () => import('@/views/risk/RiskCaseView.vue'),
            meta: { titleKey: 'titles.riskCase' },
          },
          {
            path: 'rules',
            name: 'risk-rules',
            component: () => import('@/views/risk/RiskRulesView.vue'),
            meta: { titleKey: 'titles.riskRules' },
          },
          {
            path: 'report',
            name: 'risk-report',
            component: () => import('@/views/risk/RiskReportView.vue'),
            meta: { titleKey: 'titles.riskReport' },
          },
          {
            path: 'sanctions',
            name: 'risk-sanctions',
            component: () => import('@/views/risk/RiskSanctionsView.vue'),
            meta: { titleKey: 'titles.riskSanctions' },
          },
        ],
      },
      {
        path: '/forbidden',
        name: 'forbidden',
        component: () => import('@/views/ForbiddenView.vue'),
        meta: { titleKey: 'titles.forbidden', requiresAuth: true },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'titles.notFound' },
      },
    ],
  })

  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.load()
    if (to.meta.requiresAuth && !session.isAuthenticated) {
      // Remember where the user was heading so signing in can bring them back.
      return { name: 'landing', query: { returnUrl: to.fullPath } }
    }
    if (!mayOpen(to, session.hasRole)) {
      // Signing in returns to the dashboard unless asked otherwise, and "/" leads there too: a user without the
      // customer role (staff have no wallet) starts at their own console instead of being refused.
      if (to.name === 'dashboard') return homeRoute(router, session.hasRole)
      return { name: 'forbidden', query: { from: to.fullPath } }
    }
    if (to.name === 'landing' && session.isAuthenticated) return homeRoute(router, session.hasRole)
  })

  return router
}
