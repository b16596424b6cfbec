"""The editorial team's roles, as groups with permissions (created by a data migration)."""

EDITOR = "Editor"
TRANSLATOR = "Translator"
PUBLISHER = "Publisher"

PUBLISHABLE = {"trials": ["intervention", "condition", "trial"], "glossary": ["term"]}
CONTENT = {
    "trials": [
        "intervention",
        "condition",
        "trial",
        "outcome",
        "site",
        "trialidentifier",
        "trialintervention",
        "trialcountry",
        "sectiontext",
        "arm",
        "contact",
    ],
    "glossary": ["term"],
}
TRANSLATABLE = {
    "trials": [
        "intervention",
        "condition",
        "trial",
        "outcome",
        "trialintervention",
        "sectiontext",
        "arm",
    ],
    "glossary": ["term"],
}
# Results are the registry's: their texts are translated and corrected, the rows are the
# import's (never added or deleted in the admin); the documents are links, only shown.
RESULT_TEXTS = {"results": ["trialresults", "resultgroup", "outcomeresult"]}
RESULT_DOCUMENTS = {"results": ["resultdocument"]}


def _codenames(models_by_app, actions):
    return [
        (app, f"{action}_{model}")
        for app, models in models_by_app.items()
        for model in models
        for action in actions
    ]


ROLE_PERMISSIONS = {
    # Edits content; cannot publish.
    EDITOR: _codenames(CONTENT, ["view", "add", "change", "delete"])
    + _codenames(RESULT_TEXTS, ["view", "change"])
    + _codenames(RESULT_DOCUMENTS, ["view"]),
    # Edits the translated fields of their languages only (the admin enforces the languages).
    TRANSLATOR: _codenames(TRANSLATABLE, ["view", "change"])
    + _codenames(RESULT_TEXTS, ["view", "change"]),
    # Reviews, publishes and unpublishes; may delete.
    PUBLISHER: _codenames(CONTENT, ["view", "change"])
    + _codenames(PUBLISHABLE, ["delete", "publish"])
    + _codenames(RESULT_TEXTS, ["view", "change"])
    + _codenames(RESULT_DOCUMENTS, ["view"]),
}


def create_roles(apps, schema_editor=None):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
            if _exists(apps, app, codename)
        )


def _exists(apps, app, codename):
    """Whether the model of a permission exists at this point of the migrations: the roles of
    models added later are given by a later migration calling `create_roles` again."""
    model = codename.split("_", 1)[1]
    try:
        apps.get_model(app, model)
    except LookupError:
        return False
    return True
