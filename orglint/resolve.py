"""Which config governs which file, for one run: --config for all, --isolated for none, else the
nearest config above each file. Results are cached for the run (never across runs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orglint.config import Config, find_config, load_config
from orglint.selection import Layer
from orglint.settings import FileSettings, file_settings


@dataclass
class ConfigResolver:
    explicit: Path | None  # --config
    isolated: bool  # --isolated
    cli_layer: Layer
    cli_values: Mapping[str, Any]  # fail-on, lang given on the command line
    _by_dir: dict[Path, Path | None] = field(default_factory=dict)
    _configs: dict[Path | None, Config] = field(default_factory=dict)

    def config_file(self, directory: Path) -> Path | None:
        if self.isolated:
            return None
        if self.explicit is not None:
            return self.explicit
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config(directory)
        return self._by_dir[directory]

    def config(self, directory: Path) -> Config:
        """The merged config for files in `directory`, command-line settings on top."""
        path = self.config_file(directory)
        if path not in self._configs:
            self._configs[path] = load_config(path).with_command_line(
                self.cli_layer, self.cli_values
            )
        return self._configs[path]

    def run_config(self) -> Config:
        """Run-wide settings (fail-on, lang) come from the config of the current directory."""
        return self.config(Path.cwd().resolve())

    def settings(self, path: Path | None) -> FileSettings:
        directory = path.parent if path is not None else Path.cwd().resolve()
        return file_settings(self.config(directory), path)
