"""The `fm` command line: parses arguments, calls the API, hands documents to the output layer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from typing import Annotated, Optional

import typer
import typer.main
from typer.core import TyperGroup

from fmcli import __version__, commands, guard, output
from fmcli.errors import ExitCode, UsageProblem, shorten
from fmcli.entry import readable


subcommands = typer.Typer()  # fm's commands, registered here and built by FmGroup one at a time


class LazyCommands(Mapping):
    """The subcommands by name, each made into a Click command only when it is asked for.

    Typer builds every command's Click object (parameters, type hints, convertors) before it
    parses argv; eleven of them cost about 12 ms of a 90 ms start, to run one. Help and the
    completion of command names still see them all, in the order they were registered. Uses
    Typer's own `get_command_from_info`, the same in every version `pyproject.toml` allows.
    """

    def __init__(self, registry: typer.Typer) -> None:
        self._infos = {info.name or typer.main.get_command_name(info.callback.__name__): info
                       for info in registry.registered_commands if info.callback is not None}
        self._built: dict = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            command = typer.main.get_command_from_info(
                self._infos[name], pretty_exceptions_short=True, rich_markup_mode=None)
            from fmcli.helpformat import FmContext
            command.context_class = FmContext  # --help fits the terminal without breaking words
            self._built[name] = command
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._infos  # without building it

    def visible(self) -> list[str]:
        return [name for name, info in self._infos.items() if not info.hidden]

    def short_help(self, name: str, limit: int) -> str:
        """The line `fm --help` lists for the command, made as Click makes it from the help Typer
        gives the command (its docstring), without building the command."""
        if name in self._built:
            return self._built[name].get_short_help_str(limit)
        import inspect

        from typer._click.utils import make_default_short_help

        info = self._infos[name]
        if info.short_help:
            return inspect.cleandoc(info.short_help).strip()
        text = inspect.cleandoc(info.help) if info.help is not None else inspect.getdoc(info.callback)
        return make_default_short_help(text, limit).strip() if text else ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


class FmGroup(TyperGroup):
    """Maps every outcome to a documented exit code and a one-line message, where CliRunner sees it."""

    def __init__(self, **attrs) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(subcommands)  # type: ignore[assignment]
        from fmcli.helpformat import FmContext
        self.context_class = FmContext

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)  # the names alone: TyperGroup's reads every command, building it

    def format_commands(self, ctx, formatter) -> None:
        """--help lists the commands from their registrations: building all eleven to read their
        first lines cost more than the rest of the help."""
        names = self.commands.visible()
        if names:
            limit = formatter.width - 6 - max(map(len, names))
            with formatter.section("Commands"):
                formatter.write_dl([(name, self.commands.short_help(name, limit)) for name in names])

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        argv = [readable(a) if isinstance(a, str) else a for a in (sys.argv[1:] if args is None else args)]
        if argv[:1] == ["help"]:  # `fm help [COMMAND]` is `fm [COMMAND] --help`
            argv = [*argv[1:2], "--help"]
        options = argv[: argv.index("--")] if "--" in argv else argv
        if os.environ.get("_FM_COMPLETE"):  # a shell asks for completions: register typer's shells
            from typer.completion import completion_init
            completion_init()
        sys.exit(guard.run(lambda: super(FmGroup, self).main(
            args=argv, prog_name=prog_name or "fm", complete_var=complete_var, standalone_mode=False, **extra),
            json_mode="--json" in options, other=_click_error))


def _click_error(exc: Exception, json_mode: bool) -> int | None:
    """Usage errors from the vendored Click (unknown option, missing argument): exit 2; its Abort
    (Ctrl-C or end of input at a prompt): exit 130."""
    if isinstance(exc, typer.Abort):
        return ExitCode.INTERRUPTED
    show = getattr(exc, "format_message", None)
    code = getattr(exc, "exit_code", None)
    if show is None or not isinstance(code, int):
        return None
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # plain `fm`: the help, as `fm --help` shows it
        output.write(str(show()) + "\n")
        return ExitCode.OK
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else " (see 'fm --help')"
    output.error(UsageProblem(str(show()).rstrip(".") + hint), json_mode=json_mode)
    return ExitCode.USAGE


app = typer.Typer(
    cls=FmGroup, name="fm", add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]},
    help="""A command-line reference for foundation models: a glossary and a sourced model catalog.

\b
Examples:
  fm define rlhf
  fm show llama-3
  fm compare gpt-4 claude
  fm search attention
  fm list models --open --sort release
  fm show llama-3-8b --json | jq .context_window

Everything is answered offline from the data bundled with fm, plus your own YAML files named
in FM_DATA_PATH or --data (see 'fm validate --help').

'fm help COMMAND' shows a command's options. Exit codes: 0 ok, 1 not found, 2 usage, 3 invalid
data, 69 download failed (fm update), 70 internal error, 74 output failed, 130 interrupted.""",
)


def _complete_ids(incomplete: str) -> list[tuple[str, str]]:
    """Ids whose id or name starts with what was typed, each with its short summary."""
    try:
        from fmcli.completion import complete
        return complete(incomplete)
    except Exception:  # noqa: BLE001 - completion must never print a traceback into a shell
        return []


def _complete_why(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`fm why ID... FIELD`: ids for the first word, then the fields (see completion.option_values)."""
    typed = (ctx.params or {}).get("words")
    return _values("why-field")(incomplete) if typed else _complete_ids(incomplete)


def _values(option: str):
    """The shell-completion callback for the values of `option` (see completion.option_values)."""
    def complete_values(incomplete: str) -> list[tuple[str, str]]:
        try:
            from fmcli.completion import option_values
            return option_values(option, incomplete)
        except Exception:  # noqa: BLE001 - completion must never print a traceback into a shell
            return []
    return complete_values


JsonOpt = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout (for scripts).")]
DataOpt = Annotated[Optional[str], typer.Option(
    "--data", metavar="PATH", help="Extra data files or folders of *.yaml (separated like PATH); "
    "added to FM_DATA_PATH.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal.")]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="Never page long output (default on a terminal: "
                                          "FM_PAGER, else PAGER, else 'less -FRX').")]
WideOpt = Annotated[bool, typer.Option("--wide", "-w", help="Show long cells whole instead of shortened with '…'.")]
IdArg = Annotated[list[str], typer.Argument(
    metavar="ID...", help="An id, name or alias (any case, spaces or hyphens); several words are one query.",
    autocompletion=_complete_ids)]


OrgOpt = Annotated[Optional[str], typer.Option("--org", help="Models of this organization (id, name or alias).",
                                               autocompletion=_values("org"))]
FamilyOpt = Annotated[Optional[str], typer.Option("--family", help="Models of this family (id, name or alias).",
                                                  autocompletion=_values("family"))]
KindOpt = Annotated[Optional[str], typer.Option("--kind", help="Models of this kind: family, model or variant.",
                                                autocompletion=_values("kind"))]
OpenOpt = Annotated[Optional[bool], typer.Option("--open/--closed", help="Only open-weight (or closed) models.",
                                                 show_default=False)]
ModalityOpt = Annotated[Optional[str], typer.Option("--modality", help="Models taking or producing this modality.",
                                                    autocompletion=_values("modality"))]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="Released in or after this year (2023) or month (2023-06).")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Released in or before this year (2024) or month (2024-06).")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", help="At most this many, after sorting.", show_default=False)]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="The opposite order (entries lacking the value stay last).")]
MinContextOpt = Annotated[Optional[str], typer.Option("--min-context", help="Context window at least this (32k, 128K, 1M).")]
ParamsOpt = Annotated[Optional[str], typer.Option("--params", help="Parameter range: 7b..70b, 7b.., ..3b (total; see --active).")]
ActiveOpt = Annotated[bool, typer.Option("--active", help="With --params: compare active parameters (mixture-of-experts).")]
MoeOpt = Annotated[bool, typer.Option("--moe", help="Only mixture-of-experts models.")]
LicenseOpt = Annotated[Optional[str], typer.Option("--license", help="License containing this (apache-2.0, mit, llama).")]
CapabilityOpt = Annotated[Optional[list[str]], typer.Option(
    "--capability", help="Models with this capability (repeat or comma-separate for all of several): reasoning, "
    "tool-use, structured-output, fine-tuning, computer-use, web-search.", autocompletion=_values("capability"))]
MinOutputOpt = Annotated[Optional[str], typer.Option("--min-output", help="Max output tokens at least this (32k, 64K).")]
MaxPriceOpt = Annotated[Optional[str], typer.Option(
    "--max-price", help="Models some imported provider catalog offers at most this USD per 1M output tokens "
    "(see 'fm import').")]
ServedOpt = Annotated[bool, typer.Option("--served", help="Only models their developer serves: released and not retired.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, yaml, csv or markdown (--json is json).",
                                        autocompletion=_values("format"))]


def _version(value: bool) -> None:
    if value:
        output.write(f"fm {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", help="Show the version and exit.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """A command-line reference for foundation models."""


@subcommands.command()
def define(term: Annotated[list[str], typer.Argument(
               metavar="TERM...", help="A term, abbreviation or spelling; several words are one query.",
               autocompletion=_complete_ids)],
           json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Explain a term: summary, definition, example, contrasts, related terms and sources.

    \b
    Examples:
      fm define foundation-model
      fm define mixture of experts
      fm define RLHF --json | jq -r .summary

    Looks in the glossary first and falls back to the model catalog (and says so).
    """
    commands.define(term, json_out=json_out, data=data, no_color=no_color, no_pager=no_pager)


@subcommands.command()
def show(entry: IdArg, json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Show a model, family, variant or organization card with its sourced facts.

    \b
    Examples:
      fm show llama-3
      fm show anthropic
      fm show llama 4
      fm show "Llama 3 70B" --json | jq .parameters

    Facts carry footnote numbers of the sources that support them; a variant's facts come from
    its parent where it is silent. Falls back to the glossary for terms, and to the models only
    an imported provider catalog lists (marked: not checked by fm).
    """
    commands.show(entry, json_out=json_out, data=data, no_color=no_color, no_pager=no_pager)


@subcommands.command()
def compare(entries: Annotated[list[str], typer.Argument(metavar="ID ID [ID...]", help="Two or more ids.",
                                                         autocompletion=_complete_ids)],
            json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Compare models (or families, terms, organizations) side by side.

    \b
    Examples:
      fm compare gpt-4 claude
      fm compare llama-3-8b llama-3-70b mistral-7b
      fm compare foundation-model large-language-model

    One column per entry, one row per fact; rows that differ stand out. Families compare by
    the ranges of their members; terms print their definitions and any recorded contrast.
    With imported provider catalogs (see 'fm import'), models gain their lowest known prices,
    each with its provider, catalog and snapshot date.
    """
    commands.compare(entries, json_out=json_out, data=data, no_color=no_color, no_pager=no_pager)


@subcommands.command()
def search(query: Annotated[list[str], typer.Argument(metavar="WORDS...", help="Words to look for.")],
           kind: Annotated[Optional[str], typer.Option(help="Only this kind: term, model, organization, "
                                                       "family or variant.",
                                                       autocompletion=_values("search-kind"))] = None,
           limit: Annotated[int, typer.Option(help="At most this many results.")] = 10,
           org: OrgOpt = None, family: FamilyOpt = None, open_weights: OpenOpt = None, modality: ModalityOpt = None,
           since: SinceOpt = None, until: UntilOpt = None, min_context: MinContextOpt = None,
           params: ParamsOpt = None, active: ActiveOpt = False, moe: MoeOpt = False, license: LicenseOpt = None,
           capability: CapabilityOpt = None, min_output: MinOutputOpt = None, served: ServedOpt = False,
           fmt: FormatOpt = "table",
           json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False,
           wide: WideOpt = False) -> None:
    """Full-text search over terms, models and organizations, best match first.

    \b
    Examples:
      fm search attention
      fm search image generation
      fm search "open weights" --kind model --limit 5
      fm search reasoning --open --min-context 128k
      fm search diffusion --json | jq -r '.results[].id'

    Names and aliases first, then summaries, the concepts a model embodies, its facts and
    definitions (word prefixes match); 'reasoning' gives the reasoning models. The model
    filters are those of 'fm list' and only ever narrow the results. Models only an imported
    provider catalog lists (see 'fm import') follow fm's entries named by the query, marked.
    """
    from fmcli.api import ListFilters

    filters = ListFilters(org=org, family=family, open_weights=open_weights, modality=modality, since=since,
                          until=until, min_context=min_context, params=params, active=active, moe=moe,
                          license=license, capability=tuple(capability or ()), min_output=min_output, served=served)
    commands.search(query, kind=kind, limit=limit, filters=filters, fmt=fmt, json_out=json_out, data=data,
                    no_color=no_color, no_pager=no_pager, wide=wide)


@subcommands.command("list")
def list_(
    what: Annotated[str, typer.Argument(help="terms, models, orgs or all (term, model, org... work too).",
                                        autocompletion=_values("listing"))] = "all",
    category: Annotated[Optional[str], typer.Option(help="Terms in this category.",
                                                    autocompletion=_values("category"))] = None,
    level: Annotated[Optional[str], typer.Option(help="Terms at this level: beginner, intermediate, advanced.",
                                                 autocompletion=_values("level"))] = None,
    org: OrgOpt = None, family: FamilyOpt = None, kind: KindOpt = None, open_weights: OpenOpt = None,
    modality: ModalityOpt = None, since: SinceOpt = None, until: UntilOpt = None, min_context: MinContextOpt = None,
    params: ParamsOpt = None,
    active: ActiveOpt = False, moe: MoeOpt = False, license: LicenseOpt = None, capability: CapabilityOpt = None,
    min_output: MinOutputOpt = None, served: ServedOpt = False, max_price: MaxPriceOpt = None,
    sort: Annotated[str, typer.Option(help="name, release, parameters or context.",
                                      autocompletion=_values("sort"))] = "name",
    reverse: ReverseOpt = False, limit: LimitOpt = None,
    fmt: FormatOpt = "table", json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False, wide: WideOpt = False,
) -> None:
    """List terms, models and organizations, with filters.

    \b
    Examples:
      fm list terms --category safety-alignment
      fm list models --org meta --sort release
      fm list models --open --min-context 128k --params 7b..70b
      fm list models --moe --format markdown
      fm list models --capability reasoning,tool-use --min-output 32k --served
      fm list models --max-price 2 --open
      fm list models --sort release --limit 10 --until 2024
      fm list orgs --json | jq -r '.results[].name'
    """
    from fmcli.api import ListFilters
    from fmcli.wording import plural

    filters = ListFilters(category=category, level=level, org=org, family=family, kind=kind,
                          open_weights=open_weights, modality=modality, since=since, until=until,
                          min_context=min_context, params=params, active=active, moe=moe, license=license,
                          capability=tuple(capability or ()), min_output=min_output, served=served, sort=sort,
                          reverse=reverse, limit=limit, max_price=max_price)
    ref = commands.reference(data)
    rows = ref.listing(what, commands.entry_filters(ref, filters, fmt, json_out))
    kinds = {r.kind for r in rows}
    layout = ("terms" if kinds == {"term"} else "orgs" if kinds == {"organization"}
              else "models" if "term" not in kinds and "organization" not in kinds else "mixed")
    commands.emit_results(plural(len(rows), "entry", "entries"), rows, layout, fmt, json_out,
                          commands.mode(no_color, no_pager, wide, json_out=json_out),
                          empty=("no entries match these filters", "loosen a filter"))


@subcommands.command()
def timeline(org: OrgOpt = None, family: FamilyOpt = None, open_weights: OpenOpt = None,
             modality: ModalityOpt = None, since: SinceOpt = None, until: UntilOpt = None,
             min_context: MinContextOpt = None, params: ParamsOpt = None, active: ActiveOpt = False,
             moe: MoeOpt = False, license: LicenseOpt = None, capability: CapabilityOpt = None,
             min_output: MinOutputOpt = None, served: ServedOpt = False,
             reverse: ReverseOpt = False, limit: LimitOpt = None, fmt: FormatOpt = "table",
             json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Model releases in date order, in one table, to see how the field moved.

    \b
    Examples:
      fm timeline
      fm timeline --org openai
      fm timeline --open --since 2023 --until 2024 --modality image
      fm timeline --reverse --limit 10
      fm timeline --format csv > releases.csv

    Lists models (not families or sizes) whose release date is known; a model never publicly
    released stands at its announcement date, marked "announced". Filters as in 'fm list'.
    """
    from fmcli import views
    from fmcli.api import ListFilters, timeline as releases

    filters = ListFilters(org=org, family=family, open_weights=open_weights, modality=modality, since=since,
                          until=until, min_context=min_context, params=params, active=active, moe=moe,
                          license=license, capability=tuple(capability or ()), min_output=min_output,
                          served=served, reverse=reverse, limit=limit)
    ref = commands.reference(data)
    rows = releases(ref, commands.entry_filters(ref, filters, fmt, json_out))
    if (json_out or fmt != "table") or not rows:
        commands.emit_results("", rows, "models", fmt, json_out,
                              commands.mode(no_color, no_pager, json_out=json_out),
                              empty=("no releases match these filters", "loosen a filter"))
        return
    output.emit_blocks([views.timeline_table(rows)], commands.mode(no_color, no_pager))


@subcommands.command("import")
def import_(source: Annotated[str, typer.Argument(metavar="SOURCE", help="models.dev, openrouter or litellm.")],
            file: Annotated[Optional[str], typer.Argument(metavar="[FILE]", help="The catalog's file: models.dev's "
                                                          "api.json, OpenRouter's /api/v1/models, LiteLLM's "
                                                          "model_prices_and_context_window.json.")] = None,
            unmatched: Annotated[bool, typer.Option("--unmatched", help="List the provider models that match no "
                                                    "catalog entry (from the stored snapshot).")] = False,
            json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False,
            no_pager: NoPagerOpt = False) -> None:
    """Import a provider catalog's prices and limits as a dated snapshot in your data folder.

    \b
    Examples:
      fm import models.dev api.json
      fm import openrouter models.json
      fm import litellm model_prices_and_context_window.json
      fm import --unmatched models.dev

    The snapshot replaces the previous one of that catalog only once it is whole; a file that is
    not the catalog's format leaves the previous one in place (exit 3). It lives in
    $XDG_DATA_HOME/fm/providers (~/.local/share/fm), never in the package. Its numbers are the
    catalog's, not checked by fm: 'fm show' and 'fm prices' label each with catalog and date.
    """
    from fmcli import views
    from fmcli.providers import join

    catalog = join.catalog_name(source)
    ref = commands.reference(data)
    if file is None and not unmatched:
        raise UsageProblem(f"'fm import {catalog}' needs the catalog's FILE (or --unmatched to list what "
                           "the stored snapshot does not match)")
    if file is not None:
        done = join.import_file(ref, catalog, file)
        if json_out and not unmatched:
            output.emit_json(done.as_dict())
        elif not unmatched:
            info = done.as_dict()
            output.emit_lines(
                f"imported {info['offers']} provider models from {catalog} (snapshot {info['date']}): "
                f"{info['matched']} matched to catalog entries, {info['offers'] - info['matched']} not "
                f"(see 'fm import --unmatched {catalog}')\nstored in {info['path']}\n", commands.mode(no_color, True))
    if unmatched:
        rows = join.unmatched(ref, catalog)
        if json_out:
            output.emit_json({"results": rows})
        elif rows:
            from fmcli.wording import plural
            title = f"{plural(len(rows), 'provider model')} of {catalog} {'matches' if len(rows) == 1 else 'match'} no entry"
            output.emit_blocks([views.offers_table(title,
                                                   rows)], commands.mode(no_color, no_pager))
        else:
            output.notice(f"every provider model of {catalog} matches a catalog entry", json_mode=False)


@subcommands.command()
def update(sources: Annotated[Optional[list[str]], typer.Argument(
               metavar="[SOURCE...]", help="models.dev, openrouter and/or litellm (default: all three).")] = None,
           url: Annotated[Optional[str], typer.Option("--url", help="Download from this address instead "
                                                      "(a mirror; one SOURCE).")] = None,
           timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the server.")] = 30.0,
           json_out: JsonOpt = False, data: DataOpt = None) -> None:
    """Download the newest provider catalogs from their public addresses and import them.

    \b
    Examples:
      fm update
      fm update models.dev
      fm update litellm --url https://mirror.example/model_prices.json

    On a terminal a progress bar shows each download (on stderr). Each download is checked
    and imported like 'fm import'; one that fails (offline, an HTTP
    error, a timeout, a truncated or invalid file) changes nothing and exits 69 (3 for a file
    that is not the catalog's format). Addresses: models.dev/api.json, openrouter.ai/api/v1/models,
    and LiteLLM's model_prices_and_context_window.json on GitHub.
    """
    from fmcli.progress import download_bar
    from fmcli.providers import SOURCES, join, store
    from fmcli.providers.download import download

    catalogs = list(dict.fromkeys(join.catalog_name(s) for s in sources or SOURCES))
    if url is not None and len(catalogs) != 1:
        raise UsageProblem("--url names one catalog's address; give exactly one SOURCE")
    if not timeout > 0:
        raise UsageProblem("--timeout must be more than 0 seconds")
    ref = commands.reference(data)
    done = []
    person = not json_out and output.stderr_is_terminal()
    for catalog in catalogs:
        address = url or SOURCES[catalog][1]
        output.notice(f"downloading {catalog} from {address}", json_mode=not person)
        with download_bar(catalog, show=person) as advance:
            raw = download(address, timeout=timeout, limit=store.MAX_FILE, progress=advance)
        done.append(join.import_bytes(ref, catalog, raw, address).as_dict())
        if not json_out:
            info = done[-1]
            output.emit_lines(f"{catalog}: {info['offers']} provider models (snapshot {info['date']}), "
                              f"{info['matched']} matched to catalog entries\n", commands.mode(False, True))
    if json_out:
        output.emit_json({"results": done})


@subcommands.command()
def prices(entry: Annotated[Optional[list[str]], typer.Argument(
               metavar="[ID...]", help="Models whose prices to list (one per argument); all matched models if none.",
               autocompletion=_complete_ids)] = None,
           json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False,
           no_pager: NoPagerOpt = False) -> None:
    """List providers' prices per 1M tokens from the imported catalogs, cheapest output first.

    \b
    Examples:
      fm prices gpt-4o
      fm prices llama-3 deepseek-r1
      fm prices --json | jq '.results[] | select(.output < 1)'

    A model's variants are listed with it. Every row names its catalog and snapshot date: these
    numbers come from models.dev, OpenRouter or LiteLLM (see 'fm import'), not checked by fm.
    """
    from fmcli import views
    from fmcli.errors import NotFoundError
    from fmcli.providers.join import offers_of
    from fmcli.providers.store import present

    ref = commands.reference(data)
    docs = [commands.resolve(ref, query, prefer="catalog", json_out=json_out, imported=True) for query in entry or []]
    if not present():
        raise NotFoundError("no provider catalog imported yet; run 'fm import models.dev FILE' "
                            "(or openrouter, litellm) first")
    rows = offers_of(ref, docs if entry else None)
    if json_out:
        output.emit_json({"results": rows})
    elif rows:
        output.emit_blocks([views.offers_table(views.PROVIDERS_TITLE, rows, with_id=True)], commands.mode(no_color, no_pager))
    if not rows:
        raise NotFoundError(f"no imported catalog lists {', '.join(d['id'] for d in docs) or 'any catalog entry'}; "
                            "see 'fm import --unmatched SOURCE'")


@subcommands.command()
def tree(entry: IdArg, json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Draw a family or lineage as a tree, with release dates.

    \b
    Examples:
      fm tree llama
      fm tree llama-1-7b
      fm tree deepseek-r1 --json | jq '.edges[]'

    A family shows its models and their sizes; a model also shows what it was built on
    (ancestry) and what was built on it. --json gives nodes and edges.
    """
    from fmcli import views
    from fmcli.api import lineage

    found = lineage(commands.reference(data), commands.words(entry), exact_only=json_out)
    if json_out:
        output.emit_json(found.as_dict())
    else:
        output.emit_blocks([views.tree_block(found)], commands.mode(no_color, no_pager))


@subcommands.command("data")
def data_info(json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Describe the dataset: version, when facts were checked, counts, files loaded.

    \b
    Examples:
      fm data
      FM_DATA_PATH=~/fm-data fm data --json | jq .files
    """
    from fmcli import views
    from fmcli.api import dataset_info

    info = dataset_info(commands.reference(data))
    if json_out:
        output.emit_json(info)
    else:
        output.emit_blocks([views.dataset_card(info)], commands.mode(no_color, no_pager))


@subcommands.command()
def why(words: Annotated[list[str], typer.Argument(
            metavar="ID... FIELD", help="A model's id, name or alias, then one of: release, announced, "
            "open_weights, license, parameters, context_window, max_output_tokens, modality, capabilities, "
            "training_tokens, knowledge_cutoff, architecture, based_on, deprecated, retired or weights.",
            autocompletion=_complete_why)],
        json_out: JsonOpt = False, data: DataOpt = None, no_color: NoColorOpt = False, no_pager: NoPagerOpt = False) -> None:
    """Show one fact of a model and the sources behind it.

    \b
    Examples:
      fm why llama-3-70b context_window
      fm why gpt-4 parameters
      fm why llama 3 70b context
      fm why mixtral-8x7b params --json

    The last word is the FIELD; the words before it name the model.
    """
    from fmcli import views

    if len(words) < 2:
        raise UsageProblem("'fm why' needs a model and a FIELD, e.g. 'fm why gpt-4 parameters'")
    *entry, field = words
    answer = commands.reference(data).why(commands.words(entry), field, exact_only=json_out)
    if json_out:
        output.emit_json({"kind": answer.document["kind"], "id": answer.document["id"], "field": answer.field,
                          "value": answer.value, "status": answer.status, "from": answer.from_id,
                          "sources": answer.sources})
    else:
        output.emit_blocks([views.why_card(answer)], commands.mode(no_color, no_pager))


@subcommands.command()
def validate(paths: Annotated[Optional[list[str]], typer.Argument(metavar="[PATH...]",
                                                                   help="Data files or folders to check.")] = None,
             json_out: JsonOpt = False) -> None:
    """Check data files: the bundled data and FM_DATA_PATH, plus any PATH given.

    \b
    Examples:
      fm validate
      fm validate my-models.yaml
      FM_DATA_PATH=~/fm-data fm validate

    Every problem is reported with its file, line, entry id and field; exit 3 if there are any.
    A data file is a YAML mapping with any of the keys terms, organizations and models (the
    schema is in the README); an entry whose id already exists replaces it.
    """
    from fmcli.catalog import load
    from fmcli.errors import DataError
    from fmcli.paths import discover, user_data_paths

    try:
        catalog = load(discover(user_data_paths(os.pathsep.join(paths or []))))
    except DataError as exc:
        if json_out:
            output.emit_json({"valid": False, "problems": [p.as_dict() for p in exc.problems]})
        else:
            output.emit_lines("".join(output_lines(p) for p in exc.problems), commands.mode(False, True))
            from fmcli.wording import plural
            output.notice(f"{plural(len(exc.problems), 'problem')} found", json_mode=False)
        raise typer.Exit(ExitCode.INVALID_DATA) from None
    counts = {"terms": len(catalog.terms), "organizations": len(catalog.organizations),
              "models": len(catalog.models)}
    if json_out:
        output.emit_json({"valid": True, "counts": counts})
    else:
        output.emit_lines("ok: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + "\n", commands.mode(False, True))


def output_lines(problem) -> str:
    """A problem on one line, then the YAML that would fix it (if known), indented."""
    from fmcli.render import inert
    if not problem.fix:
        return inert(str(problem)) + "\n"
    return inert(f"{problem}:\n" + "".join(f"    {line}\n" for line in problem.fix.splitlines()))


@subcommands.command()
def completion(shell: Annotated[str, typer.Argument(help="bash, zsh, fish or powershell.")]) -> None:
    """Print the shell completion script (ids and names complete with a short description).

    \b
    Install, for example:
      fm completion bash > ~/.local/share/bash-completion/completions/fm
      fm completion zsh > "${fpath[1]}/_fm"
      fm completion fish > ~/.config/fish/completions/fm.fish
    """
    from typer._completion_shared import get_completion_script

    if shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        raise UsageProblem(f"unknown shell '{shell}' (choose: bash, zsh, fish, powershell)")
    output.write(get_completion_script(prog_name="fm", complete_var="_FM_COMPLETE", shell=shell) + "\n")


def main() -> None:
    app()
