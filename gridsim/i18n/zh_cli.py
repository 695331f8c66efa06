"""Chinese for the command line's own messages (gridsim.cli): the list of shipped scenarios
and what `gridsim plot` says. Option help stays English (README: "Using it")."""

ZH = {
    "Shipped scenarios ({folder}):": "自带情景（{folder}）：",
    "Run one by name: gridsim run {name}": "按名称运行：gridsim run {name}",
}
ZH.update({"figure: {path}": "图：{path}"})
