import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './styles/theme.css'
import './styles/print.css'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { onUnauthorized } from './api/http'
import { useSessionStore } from './stores/session'
import { useNotificationsStore } from './stores/notifications'
import { useWalletStore } from './stores/wallet'
import { useLocaleStore } from './stores/locale'
import { usePaymentsStore } from './stores/payments'
import { useNotificationPreferencesStore } from './stores/notificationPreferences'
import { useDeliveryConsoleStore, useWebhookConsoleStore } from './stores/notificationConsole'

const app = createApp(App)
const pinia = createPinia()
const router = createAppRouter()
app.use(pinia).use(i18n).use(router)

useLocaleStore(pinia)

onUnauthorized(() => {
  useSessionStore(pinia).clear()
  useNotificationsStore(pinia).reset()
  useWalletStore(pinia).reset()
  usePaymentsStore(pinia).reset()
  useNotificationPreferencesStore(pinia).reset()
  useDeliveryConsoleStore(pinia).reset()
  useWebhookConsoleStore(pinia).reset()
  if (router.currentRoute.value.meta.requiresAuth) void router.replace({ name: 'landing' })
})

app.mount('#app')
