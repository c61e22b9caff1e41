def toggle_row(model, **fields):
    """Delete the row with these fields if there is one, else create it. True when it now exists.

    For on/off relations (follow, watch) whose rows carry nothing but their keys and a date.
    """
    deleted, _ = model.objects.filter(**fields).delete()
    if deleted:
        return False
    model.objects.get_or_create(**fields)
    return True
