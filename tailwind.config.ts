import type { Config } from "tailwindcss";

export default {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
      },
      colors: {
        brand: {
          50: "#fdf2f6",
          100: "#fbe6ee",
          200: "#f7cddd",
          500: "#c2416f",
          600: "#a8345d",
          700: "#8b2a4d",
        },
      },
    },
  },
  plugins: [],
} satisfies Config;
