/** Search + one filter for a server-rendered admin list: a plain GET form, so the URL keeps the filters. */
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

export function ListFilters({
  action,
  query,
  placeholder,
  filter,
}: {
  action: string;
  query: string;
  placeholder: string;
  filter?: { name: string; label: string; value: string; options: Array<{ value: string; label: string }> };
}) {
  return (
    <form method="get" action={action} role="search" className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <label className="sr-only" htmlFor={`${action}-q`}>
        Search
      </label>
      <div className="relative sm:w-80">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted" />
        <Input id={`${action}-q`} name="q" type="search" defaultValue={query} placeholder={placeholder} className="pl-9" />
      </div>
      {filter && (
        <>
          <label className="sr-only" htmlFor={`${action}-${filter.name}`}>
            {filter.label}
          </label>
          <Select id={`${action}-${filter.name}`} name={filter.name} defaultValue={filter.value} className="sm:w-48" options={[{ value: "", label: `All ${filter.label.toLowerCase()}` }, ...filter.options]} />
        </>
      )}
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
