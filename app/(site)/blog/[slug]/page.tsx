import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { Breadcrumbs } from "@/components/content/blog/breadcrumbs";
import { JsonLd } from "@/components/content/blog/json-ld";
import { PostCard, PostMeta } from "@/components/content/blog/post-card";
import { Prose } from "@/components/content/prose";
import { contentStrings } from "@/components/content/strings";
import { findCachedRedirect, getCachedPost } from "@/lib/content/cached";
import { articleJsonLd, breadcrumbJsonLd, postBreadcrumbs, postMetadata } from "@/lib/content/seo";
import { SLUG_PATTERN } from "@/lib/content/slugs";

const t = contentStrings.blog;
type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const post = SLUG_PATTERN.test(slug) ? await getCachedPost(slug) : null;
  return post ? postMetadata(post) : {};
}

export default async function BlogPostPage({ params }: { params: Params }) {
  const { slug } = await params;
  const post = SLUG_PATTERN.test(slug) ? await getCachedPost(slug) : null;
  if (!post) {
    const redirect = SLUG_PATTERN.test(slug) ? await findCachedRedirect(`/blog/${slug}`) : null;
    if (redirect) permanentRedirect(redirect.toPath);
    notFound();
  }
  const crumbs = postBreadcrumbs(post);
  return (
    <article className="mx-auto max-w-6xl px-4 py-10 sm:px-6 sm:py-14">
      <JsonLd data={[articleJsonLd(post), breadcrumbJsonLd(crumbs)]} />
      <Breadcrumbs items={crumbs.map((c) => ({ name: c.name, href: c.path }))} />
      <header className="mx-auto mt-8 max-w-3xl">
        {post.category && (
          <Link href={`/blog/category/${post.category.slug}`} className="text-sm font-semibold tracking-wide text-brand uppercase hover:underline">
            {post.category.name}
          </Link>
        )}
        <h1 className="mt-3 text-3xl font-semibold tracking-tight text-balance text-fg sm:text-5xl">{post.title}</h1>
        {post.excerpt && <p className="mt-4 text-lg text-muted">{post.excerpt}</p>}
        <div className="mt-6">
          <PostMeta post={post} />
        </div>
      </header>
      {post.cover && (
        // eslint-disable-next-line @next/next/no-img-element -- our own resized copies, with srcset
        <img
          src={post.cover.url}
          srcSet={post.cover.srcSet || undefined}
          sizes="(min-width: 1152px) 1104px, 100vw"
          alt={post.cover.alt ?? ""}
          width={post.cover.width ?? undefined}
          height={post.cover.height ?? undefined}
          fetchPriority="high"
          className="mx-auto mt-10 aspect-[1.91/1] w-full max-w-5xl rounded-xl bg-surface-muted object-cover"
        />
      )}
      <Prose html={post.html} className="mx-auto mt-10 max-w-3xl" id="post-body" />
      <footer className="mx-auto mt-12 grid max-w-3xl gap-8 border-t border-border pt-8">
        {post.tags.length > 0 && (
          <div>
            <h2 className="sr-only">{t.tags}</h2>
            <ul className="flex flex-wrap gap-2">
              {post.tags.map((tag) => (
                <li key={tag.slug}>
                  <Link href={`/blog/tag/${tag.slug}`} className="inline-flex rounded-full border border-border px-3 py-1 text-sm text-fg hover:border-border-strong hover:bg-surface-muted">
                    #{tag.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
        {post.author && (
          <section aria-label={`${t.by} ${post.author.name}`} className="rounded-xl bg-bg-subtle p-5">
            <p className="font-semibold text-fg">
              <Link href={`/blog/author/${post.author.slug}`} className="hover:underline">
                {post.author.name}
              </Link>
            </p>
            {post.author.title && <p className="text-sm text-muted">{post.author.title}</p>}
            {post.author.bio && <p className="mt-2 text-sm text-fg">{post.author.bio}</p>}
          </section>
        )}
      </footer>
      {post.related.length > 0 && (
        <section aria-labelledby="related-title" className="mx-auto mt-16 max-w-5xl">
          <h2 id="related-title" className="text-2xl font-semibold tracking-tight text-fg">
            {t.related}
          </h2>
          <ul className="mt-6 grid gap-6 md:grid-cols-3">
            {post.related.map((r) => (
              <li key={r.id}>
                <PostCard post={r} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
