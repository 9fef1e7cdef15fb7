import type { Metadata } from "next";
import { AppearanceNav } from "@/components/site-admin/appearance-nav";
import { DeleteButton, MoveButtons, NavItemForm } from "@/components/site-admin/list-editors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listNavItemsForAdmin } from "@/lib/site/admin";

export const metadata: Metadata = { title: "Menus" };

type Item = Awaited<ReturnType<typeof listNavItemsForAdmin>>[number];

function Row({ item, siblings, index, columns }: { item: Item; siblings: Item[]; index: number; columns: Array<{ id: string; label: string }> }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <MoveButtons id={item.id} name={item.label} kind="nav" first={index === 0} last={index === siblings.length - 1} />
      {!item.visible && <Badge tone="warning">Hidden</Badge>}
      <details className="min-w-0 flex-1">
        <summary className="font-medium text-fg">
          {item.label} {item.href && <span className="font-normal text-muted">{item.href}</span>}
        </summary>
        <div className="mt-4">
          <NavItemForm
            initial={{ id: item.id, menu: item.menu, parentId: item.parentId ?? "", label: item.label, href: item.href ?? "", external: item.external, visible: item.visible }}
            columns={columns}
          />
        </div>
      </details>
      <DeleteButton id={item.id} name={item.label} kind="nav" />
    </div>
  );
}

export default async function MenusAdminPage() {
  await requireStaff("content.write");
  const items = await listNavItemsForAdmin();
  const header = items.filter((i) => i.menu === "header" && !i.parentId);
  const columns = items.filter((i) => i.menu === "footer" && !i.parentId);
  const columnOptions = columns.map((c) => ({ id: c.id, label: c.label }));
  return (
    <div className="grid gap-6">
      <PageHeader title="Appearance" description="The public site's header links and footer columns. Changes show on the site at once." />
      <AppearanceNav />
      <Card as="section" aria-labelledby="menu-header-title">
        <CardHeader>
          <CardTitle id="menu-header-title">Header</CardTitle>
          <CardDescription>Links across the top of every public page.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <ol className="divide-y divide-border" data-testid="header-items">
            {header.map((item, i) => (
              <li key={item.id} className="py-3" data-testid="nav-row">
                <Row item={item} siblings={header} index={i} columns={columnOptions} />
              </li>
            ))}
          </ol>
          <div className="rounded-lg border border-border p-4">
            <h3 className="mb-3 text-sm font-semibold text-fg">Add a header link</h3>
            <NavItemForm initial={{ menu: "header", parentId: "", label: "", href: "", external: false, visible: true }} columns={columnOptions} />
          </div>
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="menu-footer-title">
        <CardHeader>
          <CardTitle id="menu-footer-title">Footer</CardTitle>
          <CardDescription>Columns of links at the bottom of every public page (the account column is fixed).</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {columns.map((column, ci) => {
            const links = items.filter((i) => i.parentId === column.id);
            return (
              <div key={column.id} className="rounded-lg border border-border p-4" data-testid="footer-column">
                <Row item={column} siblings={columns} index={ci} columns={columnOptions} />
                <ol className="mt-2 ml-6 divide-y divide-border">
                  {links.map((link, i) => (
                    <li key={link.id} className="py-2" data-testid="nav-row">
                      <Row item={link} siblings={links} index={i} columns={columnOptions} />
                    </li>
                  ))}
                </ol>
              </div>
            );
          })}
          <div className="rounded-lg border border-border p-4">
            <h3 className="mb-3 text-sm font-semibold text-fg">Add a footer link or column</h3>
            <NavItemForm initial={{ menu: "footer", parentId: columns[0]?.id ?? "", label: "", href: "", external: false, visible: true }} columns={columnOptions} />
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
