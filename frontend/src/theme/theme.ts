import { createTheme, type CSSVariablesResolver } from "@mantine/core";

/**
 * One theme for every screen. Mantine's defaults are tuned for looks, not for WCAG AA: its
 * blue-6 under white text and its gray-6 "dimmed" text both measure about 3.4:1, so the
 * primary shade is darker and dimmed text is redefined below (axe checks both in the
 * browser test).
 */
export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: "md",
  cursorType: "pointer",
  // Always visible for keyboard users, never drawn on a mouse click.
  focusRing: "auto",
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
  // A type scale with a 1.2 ratio from a 15 px body: dense enough for tables of
  // deployments, large enough to read at arm's length.
  fontSizes: { xs: "0.75rem", sm: "0.8125rem", md: "0.9375rem", lg: "1.0625rem", xl: "1.25rem" },
  headings: {
    fontWeight: "650",
    sizes: {
      h1: { fontSize: "1.6rem", lineHeight: "1.25" },
      h2: { fontSize: "1.2rem", lineHeight: "1.3" },
      h3: { fontSize: "1.05rem", lineHeight: "1.35" },
    },
  },
  spacing: { xs: "0.5rem", sm: "0.75rem", md: "1rem", lg: "1.5rem", xl: "2rem" },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "#595b6a" },
  dark: { "--mantine-color-dimmed": "#a6a8b6" },
});
