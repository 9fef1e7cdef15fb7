"use client";
/** Edit an email template and preview it (rendered on the server with sample values, shown in a sandboxed frame). */
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { previewEmailTemplateAction, saveEmailTemplateAction } from "@/app/admin/settings/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";

interface Template {
  key: string;
  label: string;
  subject: string;
  body: string;
  customised: boolean;
  sample: Record<string, string>;
}

function TemplateForm({ template }: { template: Template }) {
  const router = useRouter();
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState<{ subject: string; html: string } | null>(null);
  const save = useServerAction(saveEmailTemplateAction, {
    onSuccess: () => {
      toast({ title: `Template “${template.label}” saved` });
      router.refresh();
    },
  });
  const previewer = useServerAction(previewEmailTemplateAction, { onSuccess: (data) => setPreview(data) });
  const id = template.key.replace(/\W/g, "-");
  return (
    <form ref={formRef} onSubmit={save.onSubmit} className="grid gap-4" noValidate aria-labelledby={`tpl-${id}`}>
      <h3 id={`tpl-${id}`} className="flex flex-wrap items-center gap-2 font-medium">
        {template.label} <span className="font-mono text-xs text-muted">{template.key}</span>
        {template.customised ? <Badge tone="info">Customised</Badge> : <Badge>Default</Badge>}
      </h3>
      <input type="hidden" name="key" value={template.key} />
      <FormError result={save.result} />
      <FormField label="Subject" name="subject" id={`subject-${id}`} error={save.fieldError("subject")}>
        <Input name="subject" defaultValue={template.subject} maxLength={200} />
      </FormField>
      <FormField
        label="Body (Markdown)"
        name="body"
        id={`body-${id}`}
        hint={`Placeholders: ${Object.keys(template.sample).map((k) => `{{${k}}}`).join(", ")}`}
        error={save.fieldError("body")}
      >
        <Textarea name="body" rows={8} defaultValue={template.body} className="font-mono text-sm" />
      </FormField>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={save.pending}>
          Save template
        </Button>
        <Button type="button" variant="secondary" loading={previewer.pending} onClick={() => formRef.current && previewer.run(new FormData(formRef.current))}>
          Preview
        </Button>
      </div>
      <FormError result={previewer.result} />
      {preview && (
        <section aria-label="Preview" className="grid gap-2 rounded-md border border-border p-3">
          <p className="text-sm">
            <span className="text-muted">Subject:</span> <strong data-testid="preview-subject">{preview.subject}</strong>
          </p>
          <iframe title={`Preview of ${template.label}`} sandbox="" srcDoc={preview.html} className="h-64 w-full rounded bg-white" />
        </section>
      )}
    </form>
  );
}

export function EmailTemplatesEditor({ templates }: { templates: Template[] }) {
  return (
    <div className="grid gap-8">
      {templates.map((t) => (
        <TemplateForm key={t.key} template={t} />
      ))}
    </div>
  );
}
