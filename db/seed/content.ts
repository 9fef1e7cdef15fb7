/**
 * content seed: CMS pages, a small blog, FAQs, testimonials, navigation and the theme tokens that match
 * app/globals.css. Rows are keyed by slug/key and never overwritten; relations (post tags, menu children) are only
 * added together with the rows they belong to, so an editor's removals survive re-seeding.
 */
import { count, inArray } from "drizzle-orm";
import { contentDb } from "@/db/content/client";
import {
  blogAuthors,
  blogCategories,
  blogPostRevisions,
  blogPosts,
  blogPostTags,
  blogTags,
  faqs,
  forms,
  navigationItems,
  pageRevisions,
  pages,
  testimonials,
  themeTokens,
} from "@/db/content/schema";
import { DAY_MS, type SeedModuleResult } from "./types";

/* ─── Pages ──────────────────────────────────────────────────────────────────────────────────────────────── */

export const SEED_PAGES = [
  {
    slug: "about",
    title: "About Skyport",
    seoDescription: "Skyport runs VPN, web hosting and cloud servers from one place, with prices and privacy stated plainly.",
    bodyMarkdown: `Skyport is a small infrastructure company. We run a WireGuard VPN, shared web hosting and cloud
servers, and we build the software that runs them ourselves.

## What we believe

- **Your keys are yours.** VPN key pairs are made on your device by default. The private key never reaches us.
- **Prices are prices.** What you see at checkout is what you pay, tax itemised, and renewals cost the same.
- **Status is honest.** Every location shows whether it is online right now, and maintenance is announced ahead.

## Where we are

Our VPN runs in Frankfurt, Amsterdam, London, New York and Singapore. Cloud servers run in Germany, Finland and the
United States.

## Talk to us

Questions before you buy go to [sales](/support). Customers can open a ticket from the portal at any time.
`,
  },
  {
    slug: "terms",
    title: "Terms of Service",
    seoDescription: "The terms that apply when you use Skyport's VPN, hosting and cloud services.",
    bodyMarkdown: `*This is sample text for the demo installation. Replace it with your own terms before going live.*

## 1. The agreement

These terms apply when you create an account or buy a service from Skyport. By doing either you accept them.

## 2. Your account

Keep your password and two-factor codes safe. You are responsible for what happens in your account. Tell us at once
if you think someone else has access.

## 3. Payment and renewal

Services renew automatically at the end of each billing period at the price you agreed to. We send an invoice before
each renewal. You can cancel at any time from the portal, effective immediately or at the end of the period.

## 4. Acceptable use

Do not use our services to break the law, to send spam, to attack other networks, or to distribute malware. We may
suspend a service that is used this way; we will tell you why.

## 5. Refunds

New VPN subscriptions can be refunded in full within 30 days. Hosting and cloud usage already consumed is not refunded.

## 6. Liability

We work hard to keep services available, but we do not guarantee uninterrupted service. Our liability is limited to
the amount you paid us in the last twelve months.

## 7. Changes

We will announce changes to these terms at least 30 days before they take effect.
`,
  },
  {
    slug: "privacy",
    title: "Privacy Policy",
    seoDescription: "What Skyport stores about you, why, and for how long.",
    bodyMarkdown: `*This is sample text for the demo installation. Replace it with your own policy before going live.*

## What we store

- **Account**: your email address, name, a hash of your password (never the password itself), and your billing
  details when you buy something.
- **VPN**: for each device, its name, its public key, its assigned addresses, the time of its last handshake and how
  much data it transferred this month. We do **not** log the sites you visit or the traffic you send.
- **Payments**: invoices and payment records, which we must keep for tax law. Card details stay with our payment
  processor; we only see the card brand and last four digits.
- **Security**: sign-in history (time, IP address, browser) so you can spot sign-ins that were not you.

## What we do not do

We do not sell your data and we do not use advertising trackers.

## How long

Sign-in history is kept for 90 days. Invoices are kept as long as tax law requires. Everything else is deleted 30 days
after you close your account.

## Your rights

You can download or delete your data from the portal, or ask us by opening a ticket.
`,
  },
];

/* ─── Blog ───────────────────────────────────────────────────────────────────────────────────────────────── */

export const SEED_AUTHORS = [
  { slug: "maya-lindqvist", name: "Maya Lindqvist", title: "Head of Engineering", bio: "Maya builds Skyport's control plane and worries about keys so you don't have to." },
  { slug: "tomas-ferreira", name: "Tomás Ferreira", title: "Network Engineer", bio: "Tomás runs the VPN fleet and the cloud network, and measures everything twice." },
];

export const SEED_CATEGORIES = [
  { slug: "engineering", name: "Engineering", description: "How Skyport is built.", sortOrder: 10 },
  { slug: "guides", name: "Guides", description: "Practical help for choosing and using our services.", sortOrder: 20 },
  { slug: "news", name: "News", description: "New locations, features and announcements.", sortOrder: 30 },
];

export const SEED_TAGS = [
  { slug: "wireguard", name: "WireGuard" },
  { slug: "privacy", name: "Privacy" },
  { slug: "security", name: "Security" },
  { slug: "performance", name: "Performance" },
  { slug: "hosting", name: "Hosting" },
  { slug: "cloud", name: "Cloud" },
];

export const SEED_POSTS = [
  {
    slug: "your-private-key-never-leaves-your-device",
    title: "Your private key never leaves your device",
    excerpt: "Why Skyport generates WireGuard keys in your browser, and what that means when you download a config.",
    author: "maya-lindqvist",
    category: "engineering",
    tags: ["wireguard", "privacy", "security"],
    daysAgo: 21,
    featured: true,
    readingMinutes: 4,
    bodyMarkdown: `Most VPN dashboards create your WireGuard key pair on their server and hand you a config file. That
works, but it means the provider holds a copy of the one secret that proves a device is yours.

## What we do instead

When you add a device, your browser generates an X25519 key pair. Only the **public** key is sent to Skyport. The
config file — with your private key in it — is assembled in your browser and offered as a download and a QR code.

\`\`\`ini
[Interface]
PrivateKey = <stays on your device>
Address = 100.96.0.12/32, fd5c:7a10:9e00::c/128
DNS = 9.9.9.9

[Peer]
PublicKey = <the location's public key>
Endpoint = de-fra.vpn.skyport.test:51820
AllowedIPs = 0.0.0.0/0, ::/0
PersistentKeepalive = 25
\`\`\`

## The trade-off

Because we never see the private key, we cannot show you the config again later. If you lose it, rotate the key: the
device keeps its name and addresses, and you download a fresh config.

If you prefer re-downloads, choose *server-generated keys* when adding the device. We then store the private key
encrypted, and show it only after you confirm your password.
`,
  },
  {
    slug: "wireguard-vs-openvpn",
    title: "WireGuard vs OpenVPN: what actually matters",
    excerpt: "Speed, battery, and how much code you have to trust — a practical comparison.",
    author: "tomas-ferreira",
    category: "guides",
    tags: ["wireguard", "performance"],
    daysAgo: 12,
    featured: false,
    readingMinutes: 5,
    bodyMarkdown: `Both protocols will protect your traffic on café Wi-Fi. The differences show up in the details.

## Less code, fewer surprises

WireGuard is a few thousand lines of code. OpenVPN, with the TLS library it depends on, is hundreds of thousands.
Less code means less to audit and fewer places for bugs to hide.

## Roaming and battery

WireGuard is silent when you are not sending anything, and a phone that switches from Wi-Fi to mobile data simply
keeps going. That is why it is gentle on batteries.

## Speed

On the same server, WireGuard typically moves more data with less CPU. On our Frankfurt location we measure roughly
the full line rate of a 1 Gbit/s client with WireGuard.

## When OpenVPN still makes sense

Some networks block UDP. WireGuard only speaks UDP, so on those networks a TCP-based VPN may be the only thing that
gets through. For everything else, we recommend WireGuard.
`,
  },
  {
    slug: "shared-hosting-or-cloud-server",
    title: "Shared hosting or a cloud server?",
    excerpt: "A short decision guide: when cPanel hosting is the right tool, and when you want your own server.",
    author: "tomas-ferreira",
    category: "guides",
    tags: ["hosting", "cloud"],
    daysAgo: 4,
    featured: false,
    readingMinutes: 3,
    bodyMarkdown: `## Choose shared hosting when…

- you run WordPress or another PHP site, a few mailboxes, and maybe a small shop;
- you want updates, backups and TLS certificates handled for you;
- you would rather click than type commands.

**Web Starter** covers one site; **Web Business** covers up to ten.

## Choose a cloud server when…

- you need software that shared hosting does not run (Node.js, Go, Docker, a database of your choice);
- you want root access and your own firewall rules;
- your traffic is bursty and you want to pay by the hour.

A **CX22** is enough for most small apps; move up to a **CCX23** for steady, CPU-heavy work.

## Still not sure?

Open a ticket with the *sales* department and tell us what you are building. A person will answer.
`,
  },
];

/* ─── FAQs and testimonials ──────────────────────────────────────────────────────────────────────────────── */

export const SEED_FAQS = [
  { slug: "vpn-logs", category: "VPN", question: "Do you log what I do online?", answerMarkdown: "No. We store which devices you registered and how much data each moved this month, so we can show it to you. We never record the sites you visit or the contents of your traffic." },
  { slug: "vpn-devices", category: "VPN", question: "How many devices can I use?", answerMarkdown: "Personal covers 3 devices, Family 10 and Business 50. The limit counts across all locations: one device can connect to any of them." },
  { slug: "vpn-apps", category: "VPN", question: "Which apps do I need?", answerMarkdown: "The official WireGuard app, available for Windows, macOS, Linux, iOS and Android. Import the config file or scan the QR code from the portal." },
  { slug: "vpn-locations", category: "VPN", question: "Can I switch locations?", answerMarkdown: "Yes. Download a config for each location you want; the device keeps the same addresses everywhere, so switching does not use up another device." },
  { slug: "billing-currencies", category: "Billing", question: "Which currencies can I pay in?", answerMarkdown: "US dollars, euros and pounds sterling. Your currency is fixed by your first order, so every later invoice uses the same one." },
  { slug: "billing-methods", category: "Billing", question: "How can I pay?", answerMarkdown: "By card (Stripe), PayPal, bank transfer, or from your account credit." },
  { slug: "billing-refunds", category: "Billing", question: "Can I get a refund?", answerMarkdown: "New VPN subscriptions can be refunded in full within 30 days. Open a ticket with the billing department." },
  { slug: "billing-cancel", category: "Billing", question: "How do I cancel?", answerMarkdown: "From **Services** in the portal. Cancel immediately, or at the end of the period you already paid for." },
  { slug: "hosting-migration", category: "Hosting & Cloud", question: "Can you move my site from another host?", answerMarkdown: "Yes, for cPanel-to-cPanel moves we transfer the full account for free. Open a ticket with the technical department." },
  { slug: "cloud-billing", category: "Hosting & Cloud", question: "How are cloud servers billed?", answerMarkdown: "By the hour, never more than the monthly price. Deleting a server stops billing for it." },
  { slug: "account-2fa", category: "Account & security", question: "Do you support two-factor authentication?", answerMarkdown: "Yes: authenticator apps (TOTP) with one-time recovery codes. Turn it on under **Security** in the portal." },
  { slug: "account-api", category: "Account & security", question: "Is there an API?", answerMarkdown: "Yes. Create a personal API token under **API tokens** in the portal; it is shown once, so store it safely." },
];

export const SEED_TESTIMONIALS = [
  { slug: "hannah-k", authorName: "Hannah K.", authorTitle: "Freelance designer", company: null, quote: "Setting up the VPN on my phone took a minute: scan, done. And I like that my keys never left the phone.", rating: 5 },
  { slug: "oliver-b", authorName: "Oliver B.", authorTitle: "CTO", company: "Fernweh Travel", quote: "We moved our team to the Business plan. One invoice with our VAT ID, and the portal shows who is online.", rating: 5 },
  { slug: "priya-s", authorName: "Priya S.", authorTitle: "Developer", company: null, quote: "Hourly cloud billing that is actually capped at the monthly price. No surprises at the end of the month.", rating: 5 },
  { slug: "marco-d", authorName: "Marco D.", authorTitle: "Shop owner", company: "Bottega Digitale", quote: "They moved my old cPanel site over for free and it was faster the same afternoon.", rating: 4 },
];

/* ─── Navigation and theme ───────────────────────────────────────────────────────────────────────────────── */

type NavSeed = { key: string; label: string; href?: string; children?: NavSeed[] };

export const SEED_NAVIGATION: Record<"header" | "footer", NavSeed[]> = {
  header: [
    { key: "header.vpn", label: "VPN", href: "/pricing" },
    { key: "header.servers", label: "Locations", href: "/locations" },
    { key: "header.hosting", label: "Hosting", href: "/hosting" },
    { key: "header.cloud", label: "Cloud", href: "/cloud" },
    { key: "header.blog", label: "Blog", href: "/blog" },
    { key: "header.faq", label: "FAQ", href: "/faq" },
  ],
  footer: [
    {
      key: "footer.products",
      label: "Products",
      children: [
        { key: "footer.products.vpn", label: "VPN plans", href: "/pricing" },
        { key: "footer.products.servers", label: "VPN locations", href: "/locations" },
        { key: "footer.products.hosting", label: "Web hosting", href: "/hosting" },
        { key: "footer.products.cloud", label: "Cloud servers", href: "/cloud" },
      ],
    },
    {
      key: "footer.company",
      label: "Company",
      children: [
        { key: "footer.company.about", label: "About", href: "/about" },
        { key: "footer.company.blog", label: "Blog", href: "/blog" },
        { key: "footer.company.faq", label: "FAQ", href: "/faq" },
        { key: "footer.company.status", label: "Status", href: "/status" },
        { key: "footer.company.contact", label: "Contact", href: "/contact" },
      ],
    },
    {
      key: "footer.legal",
      label: "Legal",
      children: [
        { key: "footer.legal.terms", label: "Terms of Service", href: "/terms" },
        { key: "footer.legal.privacy", label: "Privacy Policy", href: "/privacy" },
      ],
    },
  ],
};

/** Same values as app/globals.css, so the demo looks as designed; edit them in admin to rebrand. */
export const SEED_THEME_TOKENS = [
  { key: "color-brand", value: "#0b62c4", category: "colors", description: "Primary brand colour (buttons, links)" },
  { key: "color-brand-hover", value: "#0a55aa", category: "colors", description: "Brand colour on hover" },
  { key: "color-brand-fg", value: "#ffffff", category: "colors", description: "Text on brand colour" },
  { key: "color-brand-soft", value: "#e7f0fb", category: "colors", description: "Tinted brand background" },
  { key: "color-brand-soft-fg", value: "#0a4f9e", category: "colors", description: "Text on tinted brand background" },
  { key: "color-accent", value: "#13a38a", category: "colors", description: "Accent colour (highlights)" },
  { key: "dark.color-brand", value: "#4c9dff", category: "colors", description: "Brand colour, dark scheme" },
  { key: "dark.color-brand-hover", value: "#6daeff", category: "colors", description: "Brand hover, dark scheme" },
  { key: "dark.color-brand-fg", value: "#04111f", category: "colors", description: "Text on brand, dark scheme" },
  { key: "dark.color-brand-soft", value: "#0f2744", category: "colors", description: "Tinted brand background, dark scheme" },
  { key: "dark.color-brand-soft-fg", value: "#9cc8ff", category: "colors", description: "Text on tinted brand, dark scheme" },
  { key: "dark.color-accent", value: "#2fd1b2", category: "colors", description: "Accent colour, dark scheme" },
  { key: "radius", value: "0.625rem", category: "radius", description: "Base corner radius (others derive from it)" },
  {
    key: "font-sans",
    value: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
    category: "typography",
    description: "Body and heading font stack",
  },
];

export const SEED_FORMS = [
  {
    slug: "contact",
    name: "Contact",
    fields: [
      { name: "name", label: "Your name", type: "text" as const, required: true },
      { name: "email", label: "Email", type: "email" as const, required: true },
      { name: "topic", label: "Topic", type: "select" as const, options: ["Sales", "Partnerships", "Press", "Other"] },
      { name: "message", label: "Message", type: "textarea" as const, required: true },
    ],
  },
];

/* ─── Seeding ────────────────────────────────────────────────────────────────────────────────────────────── */

export async function seedContent(): Promise<{ result: SeedModuleResult }> {
  const db = contentDb();
  const now = Date.now();
  return db.transaction(async (tx) => {
    const newPages = await tx
      .insert(pages)
      .values(SEED_PAGES.map((p) => ({ ...p, status: "published" as const, publishedAt: new Date(now) })))
      .onConflictDoNothing({ target: pages.slug })
      .returning({ id: pages.id, slug: pages.slug });
    // Revision 1 of each new page, so the editor's history starts with the seeded text.
    const pageRevisionRows = newPages.flatMap((row) => {
      const p = SEED_PAGES.find((x) => x.slug === row.slug);
      return p ? [{ pageId: row.id, revision: 1, title: p.title, bodyMarkdown: p.bodyMarkdown, seo: { seoTitle: null, seoDescription: p.seoDescription } }] : [];
    });
    if (pageRevisionRows.length) await tx.insert(pageRevisions).values(pageRevisionRows).onConflictDoNothing();

    await tx.insert(blogAuthors).values(SEED_AUTHORS).onConflictDoNothing({ target: blogAuthors.slug });
    await tx.insert(blogCategories).values(SEED_CATEGORIES).onConflictDoNothing({ target: blogCategories.slug });
    await tx.insert(blogTags).values(SEED_TAGS).onConflictDoNothing({ target: blogTags.slug });
    const authorIds = await idsBySlug(tx, blogAuthors, SEED_AUTHORS.map((a) => a.slug));
    const categoryIds = await idsBySlug(tx, blogCategories, SEED_CATEGORIES.map((c) => c.slug));
    const tagIds = await idsBySlug(tx, blogTags, SEED_TAGS.map((t) => t.slug));

    const newPosts = await tx
      .insert(blogPosts)
      .values(
        SEED_POSTS.map(({ author, category, tags: _tags, daysAgo, ...p }) => ({
          ...p,
          authorId: authorIds.get(author) ?? null,
          categoryId: categoryIds.get(category) ?? null,
          status: "published" as const,
          publishedAt: new Date(now - daysAgo * DAY_MS),
        })),
      )
      .onConflictDoNothing({ target: blogPosts.slug })
      .returning({ id: blogPosts.id, slug: blogPosts.slug });
    const postTags = newPosts.flatMap((post) =>
      (SEED_POSTS.find((p) => p.slug === post.slug)?.tags ?? []).flatMap((tag) => {
        const tagId = tagIds.get(tag);
        return tagId ? [{ postId: post.id, tagId }] : [];
      }),
    );
    if (postTags.length) await tx.insert(blogPostTags).values(postTags).onConflictDoNothing();
    const postRevisionRows = newPosts.flatMap((row) => {
      const p = SEED_POSTS.find((x) => x.slug === row.slug);
      return p ? [{ postId: row.id, revision: 1, title: p.title, excerpt: p.excerpt, bodyMarkdown: p.bodyMarkdown, seo: {} }] : [];
    });
    if (postRevisionRows.length) await tx.insert(blogPostRevisions).values(postRevisionRows).onConflictDoNothing();

    const newFaqs = await tx
      .insert(faqs)
      .values(SEED_FAQS.map((f, i) => ({ ...f, sortOrder: (i + 1) * 10 })))
      .onConflictDoNothing({ target: faqs.slug })
      .returning({ id: faqs.id });
    const newTestimonials = await tx
      .insert(testimonials)
      .values(SEED_TESTIMONIALS.map((t, i) => ({ ...t, sortOrder: (i + 1) * 10 })))
      .onConflictDoNothing({ target: testimonials.slug })
      .returning({ id: testimonials.id });

    let newNav = 0;
    for (const menu of ["header", "footer"] as const) {
      const top = await tx
        .insert(navigationItems)
        .values(SEED_NAVIGATION[menu].map((n, i) => ({ key: n.key, menu, label: n.label, href: n.href ?? null, sortOrder: (i + 1) * 10 })))
        .onConflictDoNothing({ target: navigationItems.key })
        .returning({ id: navigationItems.id, key: navigationItems.key });
      newNav += top.length;
      // Children only under a parent created now (the editor owns the menu afterwards).
      const children = top.flatMap((parent) =>
        (SEED_NAVIGATION[menu].find((n) => n.key === parent.key)?.children ?? []).map((c, i) => ({
          key: c.key,
          menu,
          parentId: parent.id,
          label: c.label,
          href: c.href ?? null,
          sortOrder: (i + 1) * 10,
        })),
      );
      if (children.length) {
        const inserted = await tx.insert(navigationItems).values(children).onConflictDoNothing({ target: navigationItems.key }).returning({ id: navigationItems.id });
        newNav += inserted.length;
      }
    }

    const newTokens = await tx.insert(themeTokens).values(SEED_THEME_TOKENS).onConflictDoNothing({ target: themeTokens.key }).returning({ key: themeTokens.key });
    await tx.insert(forms).values(SEED_FORMS).onConflictDoNothing({ target: forms.slug });

    const total = async (table: typeof pages | typeof blogPosts | typeof faqs | typeof testimonials | typeof navigationItems | typeof themeTokens) =>
      (await tx.select({ n: count() }).from(table))[0]!.n;
    return {
      result: {
        database: "content",
        parts: [
          { label: "pages", total: await total(pages), inserted: newPages.length },
          { label: "posts", total: await total(blogPosts), inserted: newPosts.length },
          { label: "FAQs", total: await total(faqs), inserted: newFaqs.length },
          { label: "testimonials", total: await total(testimonials), inserted: newTestimonials.length },
          { label: "menu items", total: await total(navigationItems), inserted: newNav },
          { label: "theme tokens", total: await total(themeTokens), inserted: newTokens.length },
        ],
      },
    };
  });
}

type Tx = Parameters<Parameters<ReturnType<typeof contentDb>["transaction"]>[0]>[0];

async function idsBySlug(
  tx: Tx,
  table: typeof blogAuthors | typeof blogCategories | typeof blogTags,
  slugs: string[],
): Promise<Map<string, string>> {
  const rows = await tx.select({ id: table.id, slug: table.slug }).from(table).where(inArray(table.slug, slugs));
  return new Map(rows.map((r) => [r.slug, r.id]));
}
