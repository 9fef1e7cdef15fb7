import type { Metadata } from "next";
import { AppearanceNav } from "@/components/site-admin/appearance-nav";
import { DeleteButton, MoveButtons, TestimonialForm } from "@/components/site-admin/list-editors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listTestimonialsForAdmin } from "@/lib/site/admin";

export const metadata: Metadata = { title: "Testimonials" };

export default async function TestimonialsAdminPage() {
  await requireStaff("content.write");
  const rows = await listTestimonialsForAdmin();
  return (
    <div className="grid gap-6">
      <PageHeader title="Appearance" description="Customer quotes on the home page; the first three published ones are shown, in this order." />
      <AppearanceNav />
      <Card as="section" aria-labelledby="t-add-title">
        <CardHeader>
          <CardTitle id="t-add-title">Add a testimonial</CardTitle>
        </CardHeader>
        <CardContent>
          <TestimonialForm initial={{ authorName: "", authorTitle: "", company: "", quote: "", rating: 5, published: true }} />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="t-list-title">
        <CardHeader>
          <CardTitle id="t-list-title">Testimonials ({rows.length})</CardTitle>
        </CardHeader>
        <CardContent>
          {rows.length === 0 ? (
            <p className="text-sm text-muted">No testimonials yet. Add the first one above.</p>
          ) : (
            <ol className="divide-y divide-border">
              {rows.map((row, i) => (
                <li key={row.id} className="py-3" data-testid="testimonial-row">
                  <div className="flex flex-wrap items-center gap-2">
                    <MoveButtons id={row.id} name={row.authorName} kind="testimonial" first={i === 0} last={i === rows.length - 1} />
                    {!row.published && <Badge tone="warning">Hidden</Badge>}
                    <details className="min-w-0 flex-1">
                      <summary className="font-medium text-fg">
                        {row.authorName} <span className="font-normal text-muted">— “{row.quote.slice(0, 70)}{row.quote.length > 70 ? "…" : ""}”</span>
                      </summary>
                      <div className="mt-4">
                        <TestimonialForm
                          initial={{ id: row.id, authorName: row.authorName, authorTitle: row.authorTitle ?? "", company: row.company ?? "", quote: row.quote, rating: row.rating, published: row.published }}
                        />
                      </div>
                    </details>
                    <DeleteButton id={row.id} name={row.authorName} kind="testimonial" />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
