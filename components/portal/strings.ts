/** Every user-facing word of the customer portal, in one place (ready for translation). */
export const portalStrings = {
  area: "Portal",
  home: "Customer portal home",
  navLabel: "Portal",
  menu: "Menu",
  backToSite: "Back to the Skyport site",
  backToSiteShort: "Back to site",
  nav: {
    dashboard: "Dashboard",
    services: "Services",
    devices: "Devices",
    invoices: "Invoices",
    tickets: "Tickets",
    account: "Account",
  },
  dashboard: {
    metaTitle: "Dashboard",
    title: "Dashboard",
    lead: "Your services, devices and invoices at a glance.",
    services: {
      title: "Services",
      emptyTitle: "No services yet",
      emptyText: "Choose a VPN plan to start. You can add devices as soon as it's active.",
      action: "Choose a plan",
    },
    devices: {
      title: "Devices",
      emptyTitle: "No devices yet",
      emptyText: "Add a phone or computer, then scan the QR code with the WireGuard app.",
      action: "Add your first device",
    },
    invoices: {
      title: "Invoices",
      emptyTitle: "No invoices yet",
      emptyText: "Invoices appear here after your first order, with a receipt for every payment.",
    },
  },
  notFound: {
    metaTitle: "Page not found",
    title: "Page not found",
    text: "This part of the portal doesn't exist. Check the address, or go back to your dashboard.",
    action: "Go to your dashboard",
  },
  error: {
    title: "Something went wrong",
    text: "We couldn't load this page. Nothing you did was lost — try again in a moment.",
    retry: "Try again",
    home: "Go to your dashboard",
    reference: "Error reference",
  },
} as const;
