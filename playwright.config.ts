import { defineConfig, devices } from '@playwright/test'

// Debian's Chromium; Playwright never downloads a browser here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const BASE_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: 'http://127.0.0.1:4173', trace: 'off', viewport: { width: 1440, height: 900 } },
  projects: [
    {
      name: 'chromium', testIgnore: /webgpu/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: CHROMIUM, args: [...BASE_ARGS, '--disable-gpu'] } },
    },
    {
      name: 'chromium-webgpu', testMatch: /webgpu/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: CHROMIUM, args: [...BASE_ARGS, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    command: 'npx vite build && COI=1 npx vite preview',
    url: 'http://127.0.0.1:4173/',
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
  },
})
