import { createRouter, createWebHistory, type Router } from 'vue-router'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey: string
    requiresAuth?: boolean
  }
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
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
        meta: { titleKey: 'titles.dashboard', requiresAuth: true },
      },
      {
        path: '/wallet',
        name: 'wallet',
        component: () => import('@/views/WalletView.vue'),
        meta: { titleKey: 'titles.wallet', requiresAuth: true },
      },
      {
        path: '/security',
        name: 'security',
        component: () => import('@/views/SecurityView.vue'),
        meta: { titleKey: 'titles.security', requiresAuth: true },
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
    if (to.name === 'landing' && session.isAuthenticated) return { name: 'dashboard' }
  })

  return router
}
