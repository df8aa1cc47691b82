import { ActionIcon, AppShell, Burger, Group, NavLink as MantineNavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { spotlight } from "@mantine/spotlight";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Bell,
  Building2,
  FolderKanban,
  KeyRound,
  LayoutDashboard,
  LogOut,
  type LucideIcon,
  Moon,
  Package,
  ScrollText,
  Search,
  Server,
  Sun,
  Users,
} from "lucide-react";
import { Suspense, useEffect } from "react";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useOrgId } from "../../hooks/useOrgId";
import { useSession } from "../../hooks/useSession";
import { PageSkeleton } from "../../ui/QueryState";
import { rememberOrg } from "../auth/HomeRedirect";
import { CommandPalette } from "./CommandPalette";
import { OrgSwitcher } from "./OrgSwitcher";

type Item = { path: string; label: string; icon: LucideIcon; end?: boolean };

const MAIN: Item[] = [
  { path: "", label: "Dashboard", icon: LayoutDashboard, end: true },
  { path: "projects", label: "Projects", icon: FolderKanban },
  { path: "servers", label: "Servers", icon: Server },
  { path: "registries", label: "Registries", icon: Package },
  { path: "notifications", label: "Notifications", icon: Bell },
];
const SETTINGS: Item[] = [
  { path: "tokens", label: "API tokens", icon: KeyRound },
  { path: "members", label: "Members", icon: Users },
  { path: "audit", label: "Audit log", icon: ScrollText },
  { path: "settings", label: "Organisation", icon: Building2 },
];

export function Shell() {
  const orgId = useOrgId();
  const me = useSession().data;
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [navOpened, nav] = useDisclosure(false);
  useEffect(() => rememberOrg(orgId), [orgId]);
  // On a phone the sidebar is a drawer: following a link closes it.
  const closeNav = nav.close;
  useEffect(() => closeNav(), [location.pathname]); // eslint-disable-line react-hooks/exhaustive-deps
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      navigate("/login", { replace: true });
    },
  });
  if (me && !me.memberships.some((m) => m.organization_id === orgId)) {
    // A stale bookmark or another user's link: start from an organisation we belong to.
    return <Navigate to="/" replace />;
  }
  const link = (item: Item) => (
    <MantineNavLink
      key={item.path}
      component={NavLink}
      to={`/orgs/${orgId}${item.path ? `/${item.path}` : ""}`}
      end={item.end}
      label={item.label}
      leftSection={<item.icon size={18} aria-hidden />}
      active={item.end ? location.pathname === `/orgs/${orgId}` : location.pathname.startsWith(`/orgs/${orgId}/${item.path}`)}
      variant="light"
    />
  );
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
      padding="lg"
      className="shell"
    >
      <AppShell.Header className="topbar">
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={navOpened ? "Close navigation" : "Open navigation"} />
          <a className="brand" href={`/orgs/${orgId}`} onClick={(e) => (e.preventDefault(), navigate(`/orgs/${orgId}`))}>
            <span className="brand-mark" aria-hidden>
              ⚓
            </span>
            Berth
          </a>
          <UnstyledButton className="search-button" onClick={() => spotlight.open()} aria-label="Search (Ctrl+K)">
            <Search size={16} aria-hidden />
            <span className="search-label">Search…</span>
            <kbd>Ctrl K</kbd>
          </UnstyledButton>
          <Group gap="xs" ml="auto" wrap="nowrap">
            <Text size="sm" className="user-name" title={me?.user.email} visibleFrom="sm">
              {me?.user.full_name || me?.user.email}
            </Text>
            <ThemeSwitch />
            <Tooltip label="Sign out">
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Sign out" onClick={() => logout.mutate()}>
                <LogOut size={18} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section>
          <OrgSwitcher current={orgId} memberships={me?.memberships ?? []} />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} mt="sm">
          <Stack gap={2} component="nav" aria-label="Sections">
            {MAIN.map(link)}
            <Text size="xs" fw={600} tt="uppercase" className="nav-heading" mt="md" mb={4} px="sm">
              Settings
            </Text>
            {SETTINGS.map(link)}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {/* AppShell.Main is the <main> landmark; a second one inside would confuse screen readers. */}
        <div className="page" id="main">
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </div>
      </AppShell.Main>
      <CommandPalette orgId={orgId} />
    </AppShell>
  );
}

/** Light ⇄ dark; the first visit follows the OS (MantineProvider's "auto"), a click is remembered. */
function ThemeSwitch() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: true });
  const next = computed === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Switch to ${next} theme`} onClick={() => setColorScheme(next)}>
        {computed === "dark" ? <Sun size={18} aria-hidden /> : <Moon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}
